#include "failpoint.h"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <time.h>
#include <unistd.h>

namespace failpoint {

const bool armed = std::getenv("PEERCHAT_FAILPOINT") != nullptr;

namespace {

constexpr std::array<const char *, std::size_t(Point::Count)> Names = {
    "before-publish-cas", "after-publish-cas", "before-head-cas", "before-ring", "between-ring-and-rung",
    "after-claim-cas", "before-bell-rename", "before-activate", "before-joined-record",
    "before-left-record", "before-release",
    "before-reclaim-cas", "after-reclaim-cas", "before-reap-left",
    "before-sleep",
    "bridge-before-journal", "bridge-before-bus", "bridge-after-bus",
    "file-sender-block",
};

enum class Task : quint8 { Off, Stop, Kill, Sleep };

struct Action
{
    Task task = Task::Off;
    quint64 nth = 0;       // 0: every hit; n: the nth hit only
    quint64 sleepMs = 0;
    std::atomic<quint64> hits{0};
};

std::array<Action, std::size_t(Point::Count)> s_actions;
std::once_flag s_parsed;

void complain(const std::string &what)
{
    std::fprintf(stderr, "peerchat: PEERCHAT_FAILPOINT: %s\n", what.c_str());
}

void parseEntry(std::string_view entry)
{
    const std::size_t colon = entry.find(':');
    if (colon == std::string_view::npos) {
        complain("\"" + std::string(entry) + "\" is not NAME:ACTION");
        return;
    }
    const std::string_view pointName = entry.substr(0, colon);
    std::string_view action = entry.substr(colon + 1);
    std::size_t index = 0;
    while (index < Names.size() && pointName != Names[index])
        ++index;
    if (index == Names.size()) {
        complain("no failpoint is named \"" + std::string(pointName) + "\"");
        return;
    }
    Action &a = s_actions[index];
    if (const std::size_t star = action.find('*'); star != std::string_view::npos) {
        const std::string count(action.substr(0, star));
        a.nth = count == "once" ? 1 : std::strtoull(count.c_str(), nullptr, 10);
        action.remove_prefix(star + 1);
        if (a.nth == 0) {
            complain("\"" + count + "\" is not a hit count (1, 2, ... or once)");
            return;
        }
    }
    if (action == "stop") {
        a.task = Task::Stop;
    } else if (action == "kill") {
        a.task = Task::Kill;
    } else if (action.starts_with("sleep(") && action.ends_with(")")) {
        a.task = Task::Sleep;
        a.sleepMs = std::strtoull(std::string(action.substr(6, action.size() - 7)).c_str(), nullptr, 10);
    } else if (action == "off") {
        a.task = Task::Off;
    } else {
        complain("\"" + std::string(action) + "\" is not stop, kill, sleep(MS) or off");
    }
}

void parse()
{
    const char *spec = std::getenv("PEERCHAT_FAILPOINT");
    std::string_view rest = spec ? spec : "";
    while (!rest.empty()) {
        const std::size_t semicolon = rest.find(';');
        const std::string_view entry = rest.substr(0, semicolon);
        if (!entry.empty())
            parseEntry(entry);
        if (semicolon == std::string_view::npos)
            break;
        rest.remove_prefix(semicolon + 1);
    }
}

} // namespace

const char *name(Point point)
{
    return Names[std::size_t(point)];
}

void fire(Point point)
{
    std::call_once(s_parsed, parse);
    Action &a = s_actions[std::size_t(point)];
    if (a.task == Task::Off)
        return;
    const quint64 hit = a.hits.fetch_add(1, std::memory_order_relaxed) + 1;
    if (a.nth != 0 && hit != a.nth)
        return;
    const char *task = a.task == Task::Stop ? "stop" : a.task == Task::Kill ? "kill" : "sleep";
    std::fprintf(stderr, "peerchat: failpoint %s: %s (hit %llu)\n", name(point), task,
                 static_cast<unsigned long long>(hit));
    std::fflush(stderr);
    switch (a.task) {
    case Task::Stop:
        ::kill(::getpid(), SIGSTOP);   // the whole process, as a debugger or ^Z would
        break;
    case Task::Kill:
        ::kill(::getpid(), SIGKILL);
        break;
    case Task::Sleep: {
        timespec ts{time_t(a.sleepMs / 1000), long(a.sleepMs % 1000) * 1'000'000};
        while (::nanosleep(&ts, &ts) == -1 && errno == EINTR) {
        }
        break;
    }
    case Task::Off:
        break;
    }
}

} // namespace failpoint
