/*
 * The local APIC: the timer that drives scheduling, and end-of-interrupt.
 */
#ifndef MACHINE_LAPIC_H
#define MACHINE_LAPIC_H

#include <stdint.h>

#define HZ 100 /* timer interrupts per second */

void lapic_bootstrap(void);
void lapic_eoi(void);

#endif /* MACHINE_LAPIC_H */
