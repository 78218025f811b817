/* SPDX-License-Identifier: MIT */
/*
 * SHA-256 (FIPS 180-4), small and dependency-free. Used to name a scenario
 * by the hash of its exact text, so a trace can prove which file it ran.
 */
#ifndef SIM_SCENARIO_SHA256_H
#define SIM_SCENARIO_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256_ctx {
	uint32_t h[8];
	uint64_t nbytes;	/* message length so far */
	uint8_t block[64];	/* partial block, nbytes % 64 bytes used */
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(struct sha256_ctx *ctx, uint8_t digest[32]);

/* Hash @len bytes at @data; @out gets 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char out[65]);

#endif /* SIM_SCENARIO_SHA256_H */
