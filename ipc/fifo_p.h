#pragma once

#include <cstddef>
#include <vector>

// A first-in first-out queue on one growing array, for the per-message bookkeeping of the send
// path: push() and pop() are an index step and a store, no allocation once the array is as large
// as it needs to be (std::deque allocated a block now and then and called out of line per push).
// Not thread-safe.
template<typename T>
class Fifo
{
public:
    bool empty() const { return m_first == m_items.size(); }
    std::size_t size() const { return m_items.size() - m_first; }
    const T &front() const { return m_items[m_first]; }
    const T &at(std::size_t i) const { return m_items[m_first + i]; }   // 0 = front()
    void push(const T &item) { m_items.push_back(item); }
    void pop()
    {
        if (++m_first == m_items.size()) {   // emptied: start again at the beginning
            m_items.clear();
            m_first = 0;
        } else if (m_first >= 4096 && m_first * 2 >= m_items.size()) {   // half dead: compact
            m_items.erase(m_items.begin(), m_items.begin() + std::ptrdiff_t(m_first));
            m_first = 0;
        }
    }
    void clear()
    {
        m_items.clear();
        m_first = 0;
    }

private:
    std::vector<T> m_items;
    std::size_t m_first = 0;
};
