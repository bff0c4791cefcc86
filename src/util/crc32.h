// CRC-32 (IEEE 802.3, the polynomial of zlib and PNG), used as the checksum of
// every file format embedlab writes. crc32("123456789") == 0xCBF43926.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace embedlab {

// Continues a running CRC: crc32_update(crc32_update(0, a), b) == crc32(a + b).
uint32_t crc32_update(uint32_t crc, const void* data, size_t n);
inline uint32_t crc32(const void* data, size_t n) { return crc32_update(0, data, n); }
inline uint32_t crc32(const std::string& s) { return crc32(s.data(), s.size()); }

}  // namespace embedlab
