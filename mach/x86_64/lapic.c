/*
 * The local APIC timer, the scheduler's clock.
 *
 * Why the local APIC and not the PIT or HPET: it is per CPU (each
 * processor of a future SMP kernel gets its own tick without interrupt
 * routing), it needs no legacy PIC or IOAPIC set-up, and QEMU's microvm
 * and pc machines both have it.  The PIT is used once, at boot, only to
 * measure the APIC timer's and the TSC's rates over 10 ms; the legacy PICs
 * are masked.
 *
 * Entry points: lapic_bootstrap, lapic_eoi, machine_tsc_per_tick.
 */
#include <kern/printf.h>
#include <machine/cpu.h>
#include <machine/io.h>
#include <machine/lapic.h>
#include <machine/machine.h>
#include <machine/trap.h>
#include <machine/vm_param.h>

#define MSR_APIC_BASE	    0x1b
#define LAPIC_EOI	    0x0b0
#define LAPIC_SVR	    0x0f0
#define LAPIC_LVT_TIMER	    0x320
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE  0x3e0
#define LAPIC_TPR	    0x080
#define LVT_MASKED	    (1u << 16)
#define LVT_PERIODIC	    (1u << 17)

#define PIT_HZ	       1193182
#define CALIBRATION_MS 10

static volatile uint32_t *lapic;
static uint64_t tsc_per_tick;

static uint32_t
lapic_read(uint32_t reg)
{
	return lapic[reg / 4];
}

static void
lapic_write(uint32_t reg, uint32_t value)
{
	lapic[reg / 4] = value;
}

void
lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

static void
pic_mask_all(void)
{
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

static uint16_t
pit_read_channel0(void)
{
	outb(0x43, 0x00); /* latch channel 0 */
	uint8_t low = inb(0x40);
	uint8_t high = inb(0x40);
	return low | (uint16_t)high << 8;
}

/*
 * Counts APIC timer and TSC ticks over CALIBRATION_MS measured by PIT
 * channel 0, free-running in mode 2 and polled (port 0x61, the usual
 * channel 2 gate, does not exist on QEMU's microvm).  Returns 0 if the
 * PIT counter does not move (no PIT on this machine).
 */
static uint32_t
lapic_calibrate(uint64_t *tsc_delta)
{
	uint32_t target = PIT_HZ / 1000 * CALIBRATION_MS;
	uint32_t elapsed = 0;
	uint64_t stalled = 0;

	outb(0x43, 0x34); /* channel 0, low then high byte, mode 2 */
	outb(0x40, 0xff);
	outb(0x40, 0xff);
	uint16_t last = pit_read_channel0();

	lapic_write(LAPIC_TIMER_DIVIDE, 0x3); /* divide by 16 */
	lapic_write(LAPIC_TIMER_INITIAL, 0xffffffff);
	uint64_t tsc_start = cpu_rdtsc();
	while (elapsed < target) {
		uint16_t now = pit_read_channel0();
		if (now == last && ++stalled > 1000000)
			return 0;
		elapsed += (uint16_t)(last - now);
		last = now;
	}
	*tsc_delta = cpu_rdtsc() - tsc_start;
	uint32_t counted = 0xffffffff - lapic_read(LAPIC_TIMER_CURRENT);
	lapic_write(LAPIC_TIMER_INITIAL, 0);
	return counted;
}

/* Enables the local APIC and starts its timer at HZ.  Interrupts stay
 * disabled until the scheduler starts. */
void
lapic_bootstrap(void)
{
	phys_addr_t base = rdmsr(MSR_APIC_BASE) & ~0xffful;
	lapic = phystokv(base);
	pic_mask_all();

	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, 0x100 | T_SPURIOUS);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);

	uint64_t tsc_delta = 0;
	uint32_t per_calibration = lapic_calibrate(&tsc_delta);
	if (per_calibration == 0) {
		kprintf("lapic: no PIT to calibrate with; assuming 1 GHz\n");
		per_calibration = 1000000000u / 16 / (1000 / CALIBRATION_MS);
		tsc_delta = 1000000000u / (1000 / CALIBRATION_MS);
	}
	uint32_t per_tick = per_calibration * (1000 / CALIBRATION_MS) / HZ;
	tsc_per_tick = tsc_delta * (1000 / CALIBRATION_MS) / HZ;

	lapic_write(LAPIC_TIMER_DIVIDE, 0x3);
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | T_TIMER);
	lapic_write(LAPIC_TIMER_INITIAL, per_tick ? per_tick : 1);
	kprintf(
	    "lapic: timer at %d Hz (%u APIC counts, %lu TSC cycles a tick)\n",
	    HZ, per_tick, tsc_per_tick);
}

uint64_t
machine_tsc_per_tick(void)
{
	return tsc_per_tick;
}
