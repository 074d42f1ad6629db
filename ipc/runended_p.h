#pragma once

#include <atomic>

// "This QThread's run() has ended", in a form ThreadSanitizer can see. QThread::wait()
// synchronizes inside Qt, which is not built with ThreadSanitizer, so without this pair the
// destruction of what run() used (a descriptor, an area, a ring position) after wait() is
// reported as a race. run() holds a marker() for its whole body; the owner calls observe()
// after wait() and before it destroys what run() used.
class RunEnded
{
public:
    class Marker
    {
    public:
        explicit Marker(std::atomic<bool> &flag)
            : m_flag(flag)
        {
        }
        Marker(const Marker &) = delete;
        Marker &operator=(const Marker &) = delete;
        ~Marker() { m_flag.store(true, std::memory_order_release); }

    private:
        std::atomic<bool> &m_flag;
    };

    [[nodiscard]] Marker marker() { return Marker(m_flag); }
    void observe() const { (void)m_flag.load(std::memory_order_acquire); }

private:
    std::atomic<bool> m_flag{false};
};
