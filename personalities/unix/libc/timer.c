/*
 * POSIX per-process timers, the same for both personalities (posix-lite's
 * library builds this file too): timer_create (CLOCK_REALTIME,
 * CLOCK_MONOTONIC; SIGEV_SIGNAL, SIGEV_NONE), timer_settime (relative
 * or TIMER_ABSTIME, one-shot or periodic), timer_gettime,
 * timer_getoverrun, timer_delete.
 *
 * The timers are a table here; a timer_t is its index plus one.  With
 * the first armed timer the library starts a timer thread (libmach's),
 * which sleeps in a receive on its own port, with a timeout to the
 * earliest expiry; timer_settime and timer_delete send it an empty
 * message so that it looks again.  An expiry of a SIGEV_SIGNAL timer is
 * kill(getpid(), signo): the personality delivers it as any signal sent
 * to the process (the UNIX server to the first thread; posix-lite's
 * library on the timer thread, or later on the thread that unblocks it).
 * Signals are not queued: an expiry while the timer's signal is still
 * pending (sigpending), and any expiry the thread was too late for,
 * counts as an overrun, which timer_getoverrun reports until the next
 * signal is generated.  A timer's sigev_value is not passed (no
 * SA_SIGINFO value from kill).
 *
 * Not offered: SIGEV_THREAD (EINVAL) and CPU-time clocks.  In a forked
 * child (UNIX) the parent's timers do not run.
 */
#include <errno.h>
#include <mach/mach_ipc.h>
#include <mach/mach_port.h>
#include <mach/mach_thread.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#define TIMER_MAX	  32
#define TIMER_NS_PER_S	  1000000000ll
#define TIMER_NS_PER_MS	  1000000ll
#define TIMER_OVERRUN_MAX 0x7fffffff /* DELAYTIMER_MAX */

struct ptimer {
	int pt_used;
	clockid_t pt_clock;
	int pt_signo;	     /* 0: SIGEV_NONE */
	int64_t pt_next;     /* the next expiry on pt_clock, ns; 0: disarmed */
	int64_t pt_interval; /* ns; 0: one-shot */
	int pt_overrun;
};

static mach_mutex_t timer_lock = MACH_MUTEX_INITIALIZER;
static struct ptimer timers[TIMER_MAX];
static mach_port_t timer_port; /* the timer thread's; NULL: not started */

static int
timer_fail(int error)
{
	errno = error;
	return -1;
}

/* Now on clock, in ns (both clocks are the time since boot). */
static int64_t
timer_now(clockid_t clock)
{
	struct timespec ts;

	if (clock_gettime(clock, &ts) != 0)
		return 0;
	return ts.tv_sec * TIMER_NS_PER_S + ts.tv_nsec;
}

static struct ptimer *
timer_of(timer_t id)
{
	if (id < 1 || id > TIMER_MAX || !timers[id - 1].pt_used)
		return NULL;
	return &timers[id - 1];
}

/*
 * The timers that have expired by now: each is reloaded or disarmed,
 * and the signals to send are put in signals (at most TIMER_MAX), but
 * for those still pending.  Returns how many, and sets *wait_ns to the
 * time to the next expiry (-1: none armed).  Under timer_lock.
 */
static int
timer_expire(const sigset_t *pending, int *signals, int64_t *wait_ns)
{
	int count = 0;

	*wait_ns = -1;
	for (int i = 0; i < TIMER_MAX; i++) {
		struct ptimer *t = &timers[i];
		if (!t->pt_used || t->pt_next == 0)
			continue;
		int64_t now = timer_now(t->pt_clock);
		if (now >= t->pt_next) {
			int64_t expiries = 1;
			if (t->pt_interval > 0) {
				expiries += (now - t->pt_next) / t->pt_interval;
				t->pt_next += expiries * t->pt_interval;
			} else {
				t->pt_next = 0;
			}
			if (t->pt_signo != 0 &&
			    !sigismember(pending, t->pt_signo)) {
				signals[count++] = t->pt_signo;
				expiries--; /* this one makes the signal */
				t->pt_overrun = 0;
			}
			int64_t overrun = t->pt_overrun + expiries;
			t->pt_overrun = overrun > TIMER_OVERRUN_MAX
					    ? TIMER_OVERRUN_MAX
					    : (int)overrun;
		}
		if (t->pt_next != 0 &&
		    (*wait_ns < 0 || t->pt_next - now < *wait_ns))
			*wait_ns = t->pt_next > now ? t->pt_next - now : 0;
	}
	return count;
}

static void *
timer_loop(void *arg)
{
	mach_port_t port = (mach_port_t)(uintptr_t)arg;
	int signals[TIMER_MAX];
	int64_t wait_ns;

	for (;;) {
		sigset_t pending;
		sigpending(&pending);
		mach_mutex_lock(&timer_lock);
		int count = timer_expire(&pending, signals, &wait_ns);
		mach_mutex_unlock(&timer_lock);
		for (int i = 0; i < count; i++)
			kill(getpid(), signals[i]);
		if (count > 0)
			continue; /* a handler may have taken a while */
		struct {
			mach_msg_header_t header;
			mach_msg_trailer_t trailer;
		} msg;
		int64_t ms = (wait_ns + TIMER_NS_PER_MS - 1) / TIMER_NS_PER_MS;
		mach_msg(&msg.header,
			 MACH_RCV_MSG | (wait_ns >= 0 ? MACH_RCV_TIMEOUT : 0),
			 0, sizeof(msg), port,
			 ms > 0x7fffffff ? 0x7fffffff : (mach_msg_timeout_t)ms,
			 MACH_PORT_NULL);
	}
	return NULL;
}

/* Makes the timer thread look at the table again (starting it the first
 * time); 0 or an errno value.  Under timer_lock. */
static int
timer_poke(void)
{
	mach_port_t self = mach_task_self();

	if (timer_port == MACH_PORT_NULL) {
		mach_port_t port;
		mach_thread_t thread;
		if (mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port) !=
		    KERN_SUCCESS)
			return EAGAIN;
		if (mach_thread_create(&thread, timer_loop,
				       (void *)(uintptr_t)port) !=
		    KERN_SUCCESS) {
			mach_port_mod_refs(self, port, MACH_PORT_RIGHT_RECEIVE,
					   -1);
			return EAGAIN;
		}
		timer_port = port;
		return 0;
	}
	/* Never waits: a full queue wakes the thread as well. */
	mach_msg_header_t msg = {
	    .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
	    .msgh_size = sizeof(msg),
	    .msgh_remote_port = timer_port,
	};
	mach_msg(&msg, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(msg), 0,
		 MACH_PORT_NULL, 0, MACH_PORT_NULL);
	return 0;
}

int
timer_create(clockid_t clock, struct sigevent *event, timer_t *id)
{
	int signo = SIGALRM;

	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return timer_fail(EINVAL);
	if (event != NULL) {
		if (event->sigev_notify == SIGEV_NONE)
			signo = 0;
		else if (event->sigev_notify != SIGEV_SIGNAL ||
			 event->sigev_signo <= 0 || event->sigev_signo >= NSIG)
			return timer_fail(EINVAL);
		else
			signo = event->sigev_signo;
	}
	mach_mutex_lock(&timer_lock);
	for (int i = 0; i < TIMER_MAX; i++) {
		if (timers[i].pt_used)
			continue;
		timers[i] = (struct ptimer){
		    .pt_used = 1, .pt_clock = clock, .pt_signo = signo};
		mach_mutex_unlock(&timer_lock);
		*id = i + 1;
		return 0;
	}
	mach_mutex_unlock(&timer_lock);
	return timer_fail(EAGAIN);
}

int
timer_delete(timer_t id)
{
	mach_mutex_lock(&timer_lock);
	struct ptimer *t = timer_of(id);
	if (t != NULL)
		t->pt_used = 0;
	mach_mutex_unlock(&timer_lock);
	return t != NULL ? 0 : timer_fail(EINVAL);
}

static int
timer_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	       ts->tv_nsec < TIMER_NS_PER_S;
}

static int64_t
timer_ns(const struct timespec *ts)
{
	return ts->tv_sec * TIMER_NS_PER_S + ts->tv_nsec;
}

static struct timespec
timer_timespec(int64_t ns)
{
	return (struct timespec){.tv_sec = ns / TIMER_NS_PER_S,
				 .tv_nsec = ns % TIMER_NS_PER_S};
}

/* What is left of t now, and its interval.  Under timer_lock. */
static void
timer_read(struct ptimer *t, struct itimerspec *value)
{
	int64_t left = 0;

	if (t->pt_next != 0) {
		left = t->pt_next - timer_now(t->pt_clock);
		if (left <= 0)
			left = 1; /* due: the thread has not run yet */
	}
	value->it_value = timer_timespec(left);
	value->it_interval = timer_timespec(t->pt_interval);
}

int
timer_settime(timer_t id, int flags, const struct itimerspec *value,
	      struct itimerspec *old)
{
	if (!timer_valid(&value->it_value) || !timer_valid(&value->it_interval))
		return timer_fail(EINVAL);
	mach_mutex_lock(&timer_lock);
	struct ptimer *t = timer_of(id);
	if (t == NULL) {
		mach_mutex_unlock(&timer_lock);
		return timer_fail(EINVAL);
	}
	if (old != NULL)
		timer_read(t, old);
	int64_t next = timer_ns(&value->it_value);
	if (next != 0 && !(flags & TIMER_ABSTIME))
		next += timer_now(t->pt_clock);
	t->pt_next = next;
	t->pt_interval = timer_ns(&value->it_interval);
	t->pt_overrun = 0;
	int error = next != 0 ? timer_poke() : 0;
	if (error != 0)
		t->pt_next = 0;
	mach_mutex_unlock(&timer_lock);
	return error != 0 ? timer_fail(error) : 0;
}

int
timer_gettime(timer_t id, struct itimerspec *value)
{
	mach_mutex_lock(&timer_lock);
	struct ptimer *t = timer_of(id);
	if (t != NULL)
		timer_read(t, value);
	mach_mutex_unlock(&timer_lock);
	return t != NULL ? 0 : timer_fail(EINVAL);
}

int
timer_getoverrun(timer_t id)
{
	mach_mutex_lock(&timer_lock);
	struct ptimer *t = timer_of(id);
	int overrun = t != NULL ? t->pt_overrun : 0;
	mach_mutex_unlock(&timer_lock);
	return t != NULL ? overrun : timer_fail(EINVAL);
}
