/*
 * Process groups and sessions: the calls that read and change them, and
 * orphaned groups.
 *
 *	do_unix_setpgid, do_unix_getpgid (getpgid, getsid), do_unix_setsid
 *	group_orphaned		POSIX's orphaned process group
 *	group_watch, group_hang_up	SIGHUP and SIGCONT to a group that a
 *				process's end orphans with a member stopped
 *
 * A process's group and session are its p_pgid and p_sid (a child
 * inherits its parent's; init leads session and group 1).  A group is
 * only the set of processes with that p_pgid: it lives while any of
 * them does, and kill (signal.c) and waitpid (proc.c) name it by its
 * number.  The console is the controlling terminal of one session
 * (tty.c).
 *
 * A group is orphaned when no member has a parent in another group of
 * the same session: no job-control shell is left to continue it.  So
 * the terminal's stop signals do not stop it (signal.c), its background
 * accesses to the terminal are EIO (tty.c), and when a process's end
 * orphans a group with a stopped member, the group gets SIGHUP then
 * SIGCONT (proc_end).
 *
 * setpgid follows POSIX except that a spawned child may still be moved
 * after it started (POSIX's EACCES for a child that has exec'd): a
 * parent that spawns has no other moment to place its child.
 */
#include "unix.h"
#include "unix_server.h"

#include <errno.h>

/* Is there a process of group pgid in session sid (-1: in any)?  A
 * zombie counts until it is reaped, as POSIX has it: a shell puts a
 * pipeline's group in the foreground (tcsetpgrp) from each of its
 * members, and the first may have ended by the time the last does. */
int
group_exists(pid_t pgid, pid_t sid)
{
	for (struct process *p = proc_first(); p != NULL; p = p->p_next)
		if (p->p_pgid == pgid && (sid == -1 || p->p_sid == sid))
			return 1;
	return 0;
}

int
group_orphaned(pid_t pgid)
{
	for (struct process *p = proc_first(); p != NULL; p = p->p_next) {
		struct process *parent = p->p_parent;
		if (p->p_state == PROCESS_RUNNING && p->p_pgid == pgid &&
		    parent != NULL && parent->p_pgid != pgid &&
		    parent->p_sid == p->p_sid)
			return 0;
	}
	return 1;
}

static int
group_has_stopped(pid_t pgid)
{
	for (struct process *p = proc_first(); p != NULL; p = p->p_next)
		if (p->p_state == PROCESS_RUNNING && p->p_pgid == pgid &&
		    p->p_stopped != 0)
			return 1;
	return 0;
}

static void
group_note(pid_t *groups, int *count, pid_t pgid)
{
	for (int i = 0; i < *count; i++)
		if (groups[i] == pgid)
			return;
	if (!group_orphaned(pgid))
		groups[(*count)++] = pgid;
}

int
group_watch(struct process *p, pid_t groups[UNIX_PROCESS_MAX])
{
	int count = 0;

	group_note(groups, &count, p->p_pgid);
	for (struct process *c = proc_first(); c != NULL; c = c->p_next)
		if (c->p_parent == p && c->p_state == PROCESS_RUNNING)
			group_note(groups, &count, c->p_pgid);
	return count;
}

void
group_hang_up(const pid_t *groups, int count)
{
	for (int i = 0; i < count; i++)
		if (group_orphaned(groups[i]) && group_has_stopped(groups[i])) {
			signal_post_group(groups[i], SIGHUP);
			signal_post_group(groups[i], SIGCONT);
		}
}

/* The process setpgid may move: the caller, or a running child of it;
 * NULL and *error otherwise. */
static struct process *
group_target(struct process *caller, pid_t pid, int *error)
{
	struct process *target = pid == 0 ? caller : proc_find_pid(pid);

	*error = 0;
	if (pid < 0)
		*error = EINVAL;
	else if (target == NULL || target->p_state != PROCESS_RUNNING ||
		 (target != caller && target->p_parent != caller))
		*error = ESRCH;
	else if (target->p_sid != caller->p_sid ||
		 target->p_sid == target->p_pid)
		*error = EPERM; /* another session, or a session leader */
	return *error == 0 ? target : NULL;
}

kern_return_t
do_unix_setpgid(mach_port_t port, int pid, int pgid, int *error)
{
	struct process *p = proc_lookup(port);

	if (p == NULL || pgid < 0) {
		*error = p == NULL ? ESRCH : EINVAL;
		return KERN_SUCCESS;
	}
	struct process *target = group_target(p, pid, error);
	if (target == NULL)
		return KERN_SUCCESS;
	if (pgid == 0)
		pgid = target->p_pid;
	if (pgid != target->p_pid && !group_exists(pgid, p->p_sid)) {
		*error = EPERM;
		return KERN_SUCCESS;
	}
	target->p_pgid = pgid;
	return KERN_SUCCESS;
}

kern_return_t
do_unix_getpgid(mach_port_t port, int pid, int which, int *error, int *id)
{
	struct process *p = proc_lookup(port);
	struct process *target = p == NULL || pid == 0 ? p : proc_find_pid(pid);

	*id = -1;
	*error = 0;
	if (pid < 0 || (which != 0 && which != 1))
		*error = EINVAL;
	else if (target == NULL || target->p_state != PROCESS_RUNNING)
		*error = ESRCH;
	else
		*id = which == 0 ? target->p_pgid : target->p_sid;
	return KERN_SUCCESS;
}

kern_return_t
do_unix_setsid(mach_port_t port, int *error, int *sid)
{
	struct process *p = proc_lookup(port);

	*sid = -1;
	*error = 0;
	if (p == NULL)
		*error = ESRCH;
	else if (p->p_pgid == p->p_pid || group_exists(p->p_pid, -1))
		*error = EPERM; /* a group leader, or its pid names a group */
	else
		*sid = p->p_sid = p->p_pgid = p->p_pid;
	return KERN_SUCCESS;
}
