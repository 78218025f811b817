/* SPDX-License-Identifier: MIT */
/*
 * The callbacks gcc's -fsanitize=thread calls (SIM_KCSAN_CFLAGS), exported
 * by the sim executable as KASAN's __asan_ ones are. Each access is judged
 * by KASAN (a freed object, a red zone: check_kasan.c) and then by KCSAN
 * (check_kcsan.c); outside an execution or the arena both return at once.
 * The __tsan_atomic ones perform the operation (seq_cst: stronger than
 * asked is never wrong here, where one actor runs at a time) and count as
 * marked accesses.
 */
#include "sim_internal.h"
#include "kcsan.h"

static inline void access(void *addr, size_t size, bool write, bool marked,
			  const void *pc)
{
	sim_kasan_check((uintptr_t)addr, size, write);
	sim_kcsan_access((uintptr_t)addr, size, write, marked, pc);
}

#define PC __builtin_return_address(0)

#define TSAN_PLAIN(n)							\
	void __tsan_read##n(void *addr);				\
	void __tsan_write##n(void *addr);				\
	void __tsan_unaligned_read##n(void *addr);			\
	void __tsan_unaligned_write##n(void *addr);			\
	void __tsan_volatile_read##n(void *addr);			\
	void __tsan_volatile_write##n(void *addr);			\
	void __tsan_unaligned_volatile_read##n(void *addr);		\
	void __tsan_unaligned_volatile_write##n(void *addr);		\
	void __tsan_read##n(void *addr)					\
	{								\
		access(addr, n, false, false, PC);			\
	}								\
	void __tsan_write##n(void *addr)				\
	{								\
		access(addr, n, true, false, PC);			\
	}								\
	void __tsan_unaligned_read##n(void *addr)			\
	{								\
		access(addr, n, false, false, PC);			\
	}								\
	void __tsan_unaligned_write##n(void *addr)			\
	{								\
		access(addr, n, true, false, PC);			\
	}								\
	void __tsan_volatile_read##n(void *addr)			\
	{								\
		access(addr, n, false, true, PC);			\
	}								\
	void __tsan_volatile_write##n(void *addr)			\
	{								\
		access(addr, n, true, true, PC);			\
	}								\
	void __tsan_unaligned_volatile_read##n(void *addr)		\
	{								\
		access(addr, n, false, true, PC);			\
	}								\
	void __tsan_unaligned_volatile_write##n(void *addr)		\
	{								\
		access(addr, n, true, true, PC);			\
	}
TSAN_PLAIN(1)
TSAN_PLAIN(2)
TSAN_PLAIN(4)
TSAN_PLAIN(8)
TSAN_PLAIN(16)

void __tsan_read_range(void *addr, long size);
void __tsan_write_range(void *addr, long size);

void __tsan_read_range(void *addr, long size)
{
	access(addr, (size_t)size, false, false, PC);
}

void __tsan_write_range(void *addr, long size)
{
	access(addr, size, true, false, PC);
}

/* The module constructor's call, and function entry and exit: unused. */
void __tsan_init(void);
void __tsan_func_entry(void *pc);
void __tsan_func_exit(void *pc);

void __tsan_init(void)
{
}

void __tsan_func_entry(void *pc)
{
	(void)pc;
}

void __tsan_func_exit(void *pc)
{
	(void)pc;
}

#define TSAN_ATOMIC_RMW(bits, type, name, op)				\
	type __tsan_atomic##bits##_##name(volatile void *a, type v, int mo); \
	type __tsan_atomic##bits##_##name(volatile void *a, type v, int mo) \
	{								\
		(void)mo;						\
		access((void *)a, sizeof(type), true, true, PC);	\
		return op((type *)a, v, __ATOMIC_SEQ_CST);		\
	}

#define TSAN_ATOMIC(bits, type)						\
	type __tsan_atomic##bits##_load(const volatile void *a, int mo); \
	void __tsan_atomic##bits##_store(volatile void *a, type v, int mo); \
	_Bool __tsan_atomic##bits##_compare_exchange_strong(volatile void *a, \
		void *c, type v, int mo, int fmo);			\
	_Bool __tsan_atomic##bits##_compare_exchange_weak(volatile void *a, \
		void *c, type v, int mo, int fmo);			\
	type __tsan_atomic##bits##_compare_exchange_val(volatile void *a, \
		type c, type v, int mo, int fmo);			\
	type __tsan_atomic##bits##_load(const volatile void *a, int mo)	\
	{								\
		(void)mo;						\
		access((void *)a, sizeof(type), false, true, PC);	\
		return __atomic_load_n((const type *)a, __ATOMIC_SEQ_CST); \
	}								\
	void __tsan_atomic##bits##_store(volatile void *a, type v, int mo) \
	{								\
		(void)mo;						\
		access((void *)a, sizeof(type), true, true, PC);	\
		__atomic_store_n((type *)a, v, __ATOMIC_SEQ_CST);	\
	}								\
	_Bool __tsan_atomic##bits##_compare_exchange_strong(volatile void *a, \
		void *c, type v, int mo, int fmo)			\
	{								\
		(void)mo;						\
		(void)fmo;						\
		access((void *)a, sizeof(type), true, true, PC);	\
		return __atomic_compare_exchange_n((type *)a, (type *)c, v, false, \
			__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);		\
	}								\
	_Bool __tsan_atomic##bits##_compare_exchange_weak(volatile void *a, \
		void *c, type v, int mo, int fmo)			\
	{								\
		(void)mo;						\
		(void)fmo;						\
		access((void *)a, sizeof(type), true, true, PC);	\
		return __atomic_compare_exchange_n((type *)a, (type *)c, v, false, \
			__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);		\
	}								\
	type __tsan_atomic##bits##_compare_exchange_val(volatile void *a, \
		type c, type v, int mo, int fmo)			\
	{								\
		(void)mo;						\
		(void)fmo;						\
		access((void *)a, sizeof(type), true, true, PC);	\
		__atomic_compare_exchange_n((type *)a, &c, v, false,	\
			__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);		\
		return c;						\
	}								\
	TSAN_ATOMIC_RMW(bits, type, exchange, __atomic_exchange_n)	\
	TSAN_ATOMIC_RMW(bits, type, fetch_add, __atomic_fetch_add)	\
	TSAN_ATOMIC_RMW(bits, type, fetch_sub, __atomic_fetch_sub)	\
	TSAN_ATOMIC_RMW(bits, type, fetch_and, __atomic_fetch_and)	\
	TSAN_ATOMIC_RMW(bits, type, fetch_or, __atomic_fetch_or)	\
	TSAN_ATOMIC_RMW(bits, type, fetch_xor, __atomic_fetch_xor)	\
	TSAN_ATOMIC_RMW(bits, type, fetch_nand, __atomic_fetch_nand)
TSAN_ATOMIC(8, uint8_t)
TSAN_ATOMIC(16, uint16_t)
TSAN_ATOMIC(32, uint32_t)
TSAN_ATOMIC(64, uint64_t)

void __tsan_atomic_thread_fence(int mo);
void __tsan_atomic_signal_fence(int mo);

void __tsan_atomic_thread_fence(int mo)
{
	(void)mo;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void __tsan_atomic_signal_fence(int mo)
{
	(void)mo;
}

void sim_kcsan_keep(void)
{
}
