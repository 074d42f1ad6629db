#pragma once

#include <QString>

namespace bench {

struct BridgeBenchSettings
{
    QString bridgeBinary;      // peerchat-bridge (empty: not built)
    QString peerchatBinary;    // the console peer
    int repeats = 3;
    int rounds = 300;          // latency: one message at a time, 1 ms apart
    int burst = 5000;          // throughput: written at once
};

// The bridge-mqtt case (skipped, with a note, where mosquitto is missing). Prints its own table.
int runBridgeBench(const BridgeBenchSettings &settings);

} // namespace bench
