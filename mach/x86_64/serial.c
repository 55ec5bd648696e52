/*
 * The serial console: the first 16550 UART (COM1, port 0x3f8), written by
 * polling, and read by polling too (the console device polls it on each
 * timer tick: kern/console_device.c).  It is the system console under
 * QEMU (-serial stdio) and the channel the test harness reads and types
 * into.
 *
 * Entry points: machine_console_init, machine_console_putc,
 * machine_console_getc.
 */
#include <machine/io.h>
#include <machine/machine.h>

#define COM1		      0x3f8
#define UART_DATA	      0
#define UART_INTERRUPT_ENABLE 1
#define UART_FIFO_CONTROL     2
#define UART_LINE_CONTROL     3
#define UART_MODEM_CONTROL    4
#define UART_LINE_STATUS      5
#define UART_LSR_DATA_READY   0x01
#define UART_LSR_THR_EMPTY    0x20

void
machine_console_init(void)
{
	outb(COM1 + UART_INTERRUPT_ENABLE, 0x00);
	outb(COM1 + UART_LINE_CONTROL, 0x80); /* divisor latch */
	outb(COM1 + UART_DATA, 0x01);	      /* 115200 baud */
	outb(COM1 + UART_INTERRUPT_ENABLE, 0x00);
	outb(COM1 + UART_LINE_CONTROL, 0x03); /* 8N1 */
	outb(COM1 + UART_FIFO_CONTROL, 0xc7);
	outb(COM1 + UART_MODEM_CONTROL, 0x03);
}

static void
serial_putc_raw(char c)
{
	/* Bounded wait: a missing UART must not hang the kernel. */
	for (int i = 0; i < 100000; i++)
		if (inb(COM1 + UART_LINE_STATUS) & UART_LSR_THR_EMPTY)
			break;
	outb(COM1 + UART_DATA, (uint8_t)c);
}

void
machine_console_putc(char c)
{
	if (c == '\n')
		serial_putc_raw('\r');
	serial_putc_raw(c);
}

int
machine_console_getc(void)
{
	if (!(inb(COM1 + UART_LINE_STATUS) & UART_LSR_DATA_READY))
		return -1;
	return inb(COM1 + UART_DATA);
}
