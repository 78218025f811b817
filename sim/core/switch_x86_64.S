/* SPDX-License-Identifier: MIT */
/*
 * sim_coro_switch(void **save_sp, void *load_sp): save the callee-saved
 * registers of the current context on its stack, store its stack pointer
 * in *save_sp, then resume the context whose stack pointer is load_sp.
 * No system call: this is the whole cost of an actor switch.
 */
	.text
	.globl	sim_coro_switch
	.type	sim_coro_switch, @function
sim_coro_switch:
	.cfi_startproc
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	subq	$8, %rsp
	stmxcsr	(%rsp)
	fnstcw	4(%rsp)
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	ldmxcsr	(%rsp)
	fldcw	4(%rsp)
	addq	$8, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.cfi_endproc
	.size	sim_coro_switch, .-sim_coro_switch
	.section .note.GNU-stack,"",@progbits
