#pragma once

#include <QString>

// `peerchat --channels` and `peerchat --purge NAME`: see and repair the bus without ipcrm.
int listChannels();
int purgeChannel(const QString &channel);
