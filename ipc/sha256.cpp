#include "sha256.h"

#include <QtEndian>

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define PEERCHAT_SHA_X86 1
#endif

namespace {

#ifdef PEERCHAT_SHA_X86
alignas(16) constexpr quint32 RoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

bool cpuHasSha()
{
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx))
        return false;
    const bool sha = ebx & (1u << 29);
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
        return false;
    const bool ssse3 = ecx & (1u << 9), sse41 = ecx & (1u << 19);
    return sha && ssse3 && sse41;
}

// The SHA-256 compression of `count` 64-byte blocks with the SHA extensions. The state is kept as
// the two vectors the instructions take: ABEF and CDGH. Each sha256rnds2 does two rounds; the
// message schedule for words 16..63 comes from sha256msg1/msg2, four words at a time.
[[gnu::target("sha,ssse3,sse4.1")]] void compressHardware(quint32 state[8], const uchar *data, std::size_t count)
{
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i abcd = _mm_loadu_si128(reinterpret_cast<const __m128i *>(state));       // a b c d (lane 0 = a)
    __m128i efgh = _mm_loadu_si128(reinterpret_cast<const __m128i *>(state + 4));   // e f g h
    abcd = _mm_shuffle_epi32(abcd, 0xB1);                                             // b a d c
    efgh = _mm_shuffle_epi32(efgh, 0x1B);                                             // h g f e
    __m128i abef = _mm_alignr_epi8(abcd, efgh, 8);                                    // f e b a
    __m128i cdgh = _mm_blend_epi16(efgh, abcd, 0xF0);                                 // h g d c
    for (; count > 0; --count, data += 64) {
        const __m128i savedAbef = abef, savedCdgh = cdgh;
        __m128i w[4];
        for (int i = 0; i < 16; ++i) {
            __m128i words;
            if (i < 4) {
                words = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(data + 16 * i)), byteSwap);
            } else {
                // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], for t = 4i .. 4i+3.
                const __m128i partial = _mm_add_epi32(_mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]),
                                                      _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
                words = _mm_sha256msg2_epu32(partial, w[(i + 3) & 3]);
            }
            w[i & 3] = words;
            const __m128i wk = _mm_add_epi32(words, _mm_load_si128(reinterpret_cast<const __m128i *>(RoundConstants + 4 * i)));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
        }
        abef = _mm_add_epi32(abef, savedAbef);
        cdgh = _mm_add_epi32(cdgh, savedCdgh);
    }
    const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(state), _mm_blend_epi16(feba, dchg, 0xF0));      // a b c d
    _mm_storeu_si128(reinterpret_cast<__m128i *>(state + 4), _mm_alignr_epi8(dchg, feba, 8));     // e f g h
}
#endif

} // namespace

bool Sha256::hardware()
{
#ifdef PEERCHAT_SHA_X86
    static const bool has = cpuHasSha();
    return has;
#else
    return false;
#endif
}

Sha256::Sha256()
    : m_hardware(hardware())
    , m_state{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}
{
}

void Sha256::compress(const uchar *blocks, std::size_t count)
{
#ifdef PEERCHAT_SHA_X86
    compressHardware(m_state, blocks, count);
#else
    Q_UNUSED(blocks);
    Q_UNUSED(count);
#endif
}

void Sha256::addData(const uchar *data, std::size_t length)
{
    if (!m_hardware) {
        m_qt.addData(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(length)));
        return;
    }
    m_total += length;
    if (m_buffered > 0) {
        const std::size_t take = std::min(length, sizeof m_buffer - m_buffered);
        std::memcpy(m_buffer + m_buffered, data, take);
        m_buffered += take;
        data += take;
        length -= take;
        if (m_buffered < sizeof m_buffer)
            return;
        compress(m_buffer, 1);
        m_buffered = 0;
    }
    compress(data, length / 64);
    data += length / 64 * 64;
    length %= 64;
    std::memcpy(m_buffer, data, length);
    m_buffered = length;
}

QByteArray Sha256::result()
{
    if (!m_hardware)
        return m_qt.result();
    // Padding: 0x80, zeros, then the length in bits, big-endian, to a whole number of blocks.
    const quint64 bits = m_total * 8;
    uchar tail[128] = {};
    std::memcpy(tail, m_buffer, m_buffered);
    tail[m_buffered] = 0x80;
    const std::size_t blocks = m_buffered + 1 + 8 <= 64 ? 1 : 2;
    qToBigEndian(bits, tail + blocks * 64 - 8);
    compress(tail, blocks);
    QByteArray digest(32, Qt::Uninitialized);
    for (int i = 0; i < 8; ++i)
        qToBigEndian(m_state[i], digest.data() + 4 * i);
    return digest;
}
