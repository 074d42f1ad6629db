#include "guimain.h"

#include <cstdio>

int runGui(const GuiOptions &options)
{
    Q_UNUSED(options);
    std::fputs("peerchat: the chat window is not built yet; use --headless\n", stderr);
    return 1;
}
