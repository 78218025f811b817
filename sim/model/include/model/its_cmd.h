/* SPDX-License-Identifier: MIT */
/*
 * A struct model_its_cmd in the GICv3 ITS command layout: the four 64-bit
 * words a guest writes to its command queue. Shared by the models that
 * build their state through commands (the built-in model's setup, a
 * kernel tree's harness). The includer provides the GITS_CMD_* opcodes
 * (<linux/irqchip/arm-gic-v3.h>, the shims' or the tree's).
 */
#ifndef MODEL_ITS_CMD_H
#define MODEL_ITS_CMD_H

#include <stdint.h>

#include <model/model.h>

/* ITT_addr of MAPD: bits [51:8] of the ITT's address. */
#define MODEL_ITS_ITT_ADDR_MASK	0x000fffffffffff00ULL

/*
 * model_its_cmd_encode() - @c as the ITS reads it from the queue.
 * @itt_addr:     the ITT of @c->device (MAPD only).
 * @eventid_bits: the EventID width MAPD gives the device.
 * Return: 0, or -1 for a command kind this layout does not know.
 */
static inline int model_its_cmd_encode(const struct model_its_cmd *c,
				       uint64_t itt_addr,
				       unsigned int eventid_bits,
				       uint64_t cmd[4])
{
	static const uint8_t number[] = {
		[MODEL_CMD_MAPD] = GITS_CMD_MAPD,
		[MODEL_CMD_MAPC] = GITS_CMD_MAPC,
		[MODEL_CMD_MAPTI] = GITS_CMD_MAPTI,
		[MODEL_CMD_MAPI] = GITS_CMD_MAPI,
		[MODEL_CMD_DISCARD] = GITS_CMD_DISCARD,
		[MODEL_CMD_MOVI] = GITS_CMD_MOVI,
		[MODEL_CMD_MOVALL] = GITS_CMD_MOVALL,
		[MODEL_CMD_INV] = GITS_CMD_INV,
		[MODEL_CMD_INVALL] = GITS_CMD_INVALL,
		[MODEL_CMD_INT] = GITS_CMD_INT,
		[MODEL_CMD_CLEAR] = GITS_CMD_CLEAR,
		[MODEL_CMD_SYNC] = GITS_CMD_SYNC,
	};
	uint64_t valid = c->valid ? 1ULL << 63 : 0;

	if ((unsigned int)c->cmd >= sizeof(number) / sizeof(number[0]))
		return -1;
	cmd[0] = number[c->cmd];
	cmd[1] = cmd[2] = cmd[3] = 0;
	switch (c->cmd) {
	case MODEL_CMD_MAPD:
		cmd[0] |= (uint64_t)c->device << 32;
		cmd[1] = eventid_bits - 1;
		cmd[2] = (itt_addr & MODEL_ITS_ITT_ADDR_MASK) | valid;
		break;
	case MODEL_CMD_MAPC:
		cmd[2] = c->collection | (uint64_t)c->vcpu << 16 | valid;
		break;
	case MODEL_CMD_MAPTI:
		cmd[0] |= (uint64_t)c->device << 32;
		cmd[1] = c->event | (uint64_t)c->lpi << 32;
		cmd[2] = c->collection;
		break;
	case MODEL_CMD_MAPI:
	case MODEL_CMD_MOVI:
		cmd[0] |= (uint64_t)c->device << 32;
		cmd[1] = c->event;
		cmd[2] = c->collection;
		break;
	case MODEL_CMD_DISCARD:
	case MODEL_CMD_INV:
	case MODEL_CMD_INT:
	case MODEL_CMD_CLEAR:
		cmd[0] |= (uint64_t)c->device << 32;
		cmd[1] = c->event;
		break;
	case MODEL_CMD_MOVALL:
		cmd[2] = (uint64_t)c->from << 16;
		cmd[3] = (uint64_t)c->to << 16;
		break;
	case MODEL_CMD_INVALL:
		cmd[2] = c->collection;
		break;
	case MODEL_CMD_SYNC:
		cmd[2] = (uint64_t)c->vcpu << 16;
		break;
	}
	return 0;
}

#endif /* MODEL_ITS_CMD_H */
