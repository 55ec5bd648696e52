/*
 * Memory protection: what a mapping allows.
 */
#ifndef MACH_VM_PROT_H
#define MACH_VM_PROT_H

#define VM_PROT_NONE	0x0
#define VM_PROT_READ	0x1
#define VM_PROT_WRITE	0x2
#define VM_PROT_EXECUTE 0x4
#define VM_PROT_DEFAULT (VM_PROT_READ | VM_PROT_WRITE)
#define VM_PROT_ALL	(VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXECUTE)

#endif /* MACH_VM_PROT_H */
