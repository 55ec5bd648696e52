/*
 * Inheritance: what a child task (task_create with inherit_memory) gets
 * of each region of its parent's address space.  The values are Mach's.
 */
#ifndef MACH_VM_INHERIT_H
#define MACH_VM_INHERIT_H

#define VM_INHERIT_SHARE   0 /* the same memory, shared with the parent */
#define VM_INHERIT_COPY	   1 /* a copy, made lazily (copy-on-write) */
#define VM_INHERIT_NONE	   2 /* nothing: the range is free in the child */
#define VM_INHERIT_DEFAULT VM_INHERIT_COPY

#endif /* MACH_VM_INHERIT_H */
