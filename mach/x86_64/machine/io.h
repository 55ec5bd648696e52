/*
 * Port I/O and model-specific registers.
 */
#ifndef MACHINE_IO_H
#define MACHINE_IO_H

#include <stdint.h>

static inline void
outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" ::"a"(value), "Nd"(port));
}

static inline uint8_t
inb(uint16_t port)
{
	uint8_t value;
	__asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static inline void
outl(uint16_t port, uint32_t value)
{
	__asm__ volatile("outl %0, %1" ::"a"(value), "Nd"(port));
}

static inline uint64_t
rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void
wrmsr(uint32_t msr, uint64_t value)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)value),
			 "d"((uint32_t)(value >> 32)));
}

static inline void
cpuid(uint32_t leaf, uint32_t subleaf, uint32_t *a, uint32_t *b, uint32_t *c,
      uint32_t *d)
{
	__asm__ volatile("cpuid"
			 : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "a"(leaf), "c"(subleaf));
}

static inline uint64_t
read_cr2(void)
{
	uint64_t value;
	__asm__ volatile("movq %%cr2, %0" : "=r"(value));
	return value;
}

static inline uint64_t
read_cr3(void)
{
	uint64_t value;
	__asm__ volatile("movq %%cr3, %0" : "=r"(value));
	return value;
}

static inline void
write_cr3(uint64_t value)
{
	__asm__ volatile("movq %0, %%cr3" ::"r"(value) : "memory");
}

static inline uint64_t
read_cr0(void)
{
	uint64_t value;
	__asm__ volatile("movq %%cr0, %0" : "=r"(value));
	return value;
}

static inline void
write_cr0(uint64_t value)
{
	__asm__ volatile("movq %0, %%cr0" ::"r"(value) : "memory");
}

static inline uint64_t
read_cr4(void)
{
	uint64_t value;
	__asm__ volatile("movq %%cr4, %0" : "=r"(value));
	return value;
}

static inline void
write_cr4(uint64_t value)
{
	__asm__ volatile("movq %0, %%cr4" ::"r"(value) : "memory");
}

static inline void
invlpg(uint64_t va)
{
	__asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
}

#endif /* MACHINE_IO_H */
