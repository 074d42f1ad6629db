#pragma once

/// \file memorytuning.h
/// \brief memorytuning::keepMessageMemory(), for programs that receive large messages.

/// \brief Memory settings for programs that receive many large messages.
namespace memorytuning {

/// \brief Keeps the memory of received messages for reuse instead of handing it back to the kernel.
///
/// Every message a peer receives becomes a new QString: up to 128 KiB for the largest message
/// (64 KiB of UTF-8 as UTF-16), freed once the message is handled. glibc serves blocks of
/// 128 KiB and more with a fresh mmap() and gives memory back as soon as 128-256 KiB lie free at
/// the top of a heap, so under a stream of large messages every one of them paid ~32 page
/// faults, most of the receiver's time (perf; README, "Benchmark"). This raises the mmap threshold
/// to 1 MiB and keeps up to 32 MiB free per heap before trimming: more than the bus's inbox holds
/// (16 MiB at most), so a drained inbox's memory is reused, not returned and faulted in again.
/// Call it once at the start of main(), before any thread. Costs up to 32 MiB of resident memory
/// after a burst of large messages. Does nothing where the C library is not glibc.
void keepMessageMemory();

} // namespace memorytuning
