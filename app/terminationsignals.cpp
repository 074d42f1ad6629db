#include "terminationsignals.h"

#include <QObject>
#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace terminationsignals {
namespace {

int s_pipe[2] = {-1, -1};

void onSignal(int signal)
{
    const char byte = char(signal);
    (void)!::write(s_pipe[1], &byte, 1);
}

} // namespace

void onTermination(QObject *context, std::function<void()> handler)
{
    if (::pipe2(s_pipe, O_CLOEXEC | O_NONBLOCK) == -1)
        return;
    auto *notifier = new QSocketNotifier(s_pipe[0], QSocketNotifier::Read, context);
    QObject::connect(notifier, &QSocketNotifier::activated, context, [handler = std::move(handler)] {
        char byte = 0;
        while (::read(s_pipe[0], &byte, 1) == 1) {
        }
        handler();
    });
    struct sigaction action{};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGHUP, &action, nullptr);
}

} // namespace terminationsignals
