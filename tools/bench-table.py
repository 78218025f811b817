#!/usr/bin/env python3
# The scenario part of tools/bench: run every scenario of scenarios/bench/
# under every strategy `sim list` names, one `sim run --json` child process
# per row, and print one Markdown table. Numbers only: nothing here passes
# or fails on a time.
#
# usage: tools/bench-table.py SIM SCENARIO.json...
#
# Environment (all optional):
#   BENCH_VARIANTS        variants to run, comma-separated (default: the
#                         keys of each scenario's "expect", in file order)
#   BENCH_STRATEGIES      strategies, comma-separated (default: all of
#                         `sim list`, in its order)
#   BENCH_MAX_EXECUTIONS  --max-executions of the exhaustive strategies
#                         (default 2000000)
#   BENCH_SAMPLES         --max-executions of random and pct (default 100000)
#   BENCH_JOBS            --jobs values of the rows of dpor, when sim run
#                         has --jobs (default "1,2"); every other row runs
#                         with --jobs 1
#   BENCH_ROW_SECONDS     a row still running after this is stopped with
#                         SIGINT (search "interrupted"; default 120)
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

SAMPLERS = ('random', 'pct')          # run until the cap: always "sampled"
REDUCERS_NOTE = ('sleepset', 'dpor')  # one execution per equivalence class


def env_list(name, default):
    v = os.environ.get(name)
    if v is None or not v.strip():
        return default
    return [x for x in re.split(r'[,\s]+', v.strip()) if x]


def env_int(name, default):
    v = os.environ.get(name)
    return int(v) if v and v.strip() else default


def strategies_of(sim):
    """The strategy names of `sim list`, in its order."""
    try:
        out = subprocess.run([sim, 'list'], capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ['dfs', 'sleepset']
    names, inside = [], False
    for line in out.splitlines():
        if line.startswith('strategies:'):
            inside = True
            continue
        if inside:
            m = re.match(r'^\s+([A-Za-z0-9_-]+)\s', line + ' ')
            if not line.strip() or not m:
                break
            names.append(m.group(1))
    return names or ['dfs', 'sleepset']


def run_help(sim):
    r = subprocess.run([sim, 'run', '--help'], capture_output=True, text=True)
    return r.stdout + r.stderr


def scenario_info(path):
    """(preemption bound, variants of "expect") of a scenario file."""
    try:
        with open(path) as f:
            d = json.load(f)
        return (d.get('explore', {}).get('preemption_bound', 2),
                list(d.get('expect', {}).keys()) or ['v1'])
    except (OSError, ValueError, AttributeError):
        return 2, ['v1']


GNU_TIME = '/usr/bin/time'


def run_row(sim, path, variant, strategy, jobs, cap, trace_dir, limit):
    """One `sim run --json` process, measured on its own.

    Peak RSS: a process forked from this Python interpreter inherits the
    interpreter's high-water mark (Linux carries the pre-exec maxrss over
    exec), about 14 MiB, more than sim itself uses. So sim is started by
    GNU time (a small process) and its %M is the row's peak RSS; without
    /usr/bin/time, ru_maxrss from wait4() is used and marked as a floor.
    """
    args = [sim, 'run', '--json', '--strategy', strategy, '--variant', variant,
            '--max-executions', str(cap), '--trace-dir', trace_dir]
    if jobs is not None:
        args += ['--jobs', str(jobs)]
    args.append(path)
    use_time = os.access(GNU_TIME, os.X_OK)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode='r') as tfile:
        if use_time:
            args = [GNU_TIME, '-q', '-o', tfile.name, '-f', '%M'] + args
        t0 = time.monotonic()
        p = subprocess.Popen(args, stdout=out, stderr=err, start_new_session=True)
        stopped = []

        def stop():
            stopped.append(True)
            try:
                os.killpg(p.pid, signal.SIGINT)   # GNU time ignores it, sim stops
            except OSError:
                pass
        timer = threading.Timer(limit, stop)
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, etext = out.read().decode(errors='replace'), err.read().decode(errors='replace')
        rss, floor = ru.ru_maxrss, True
        if use_time:
            m = re.search(r'(\d+)\s*$', tfile.read())
            if m:
                rss, floor = int(m.group(1)), False
    row = {'wall': wall, 'cpu': ru.ru_utime + ru.ru_stime,
           'rss_kib': rss, 'rss_floor': floor, 'rc': p.returncode,
           'stopped': bool(stopped)}
    try:
        res = json.loads(text)['results'][0]
    except (ValueError, KeyError, IndexError, TypeError):
        row['error'] = (etext.strip().splitlines() or ['no output'])[-1]
        return row
    row['res'] = res
    return row


def search_of(row, strategy, cap, bound):
    res = row['res']
    if row['stopped']:
        return 'interrupted'
    if 'search' in res:                 # if sim ever says it itself
        return str(res['search'])
    if res.get('complete'):
        return 'complete'
    if strategy in SAMPLERS:
        return 'sampled'
    started = (res.get('executions', 0) + res.get('abandoned', 0) +
               res.get('repeated', 0))
    if strategy == 'bounded' and started < cap:
        return 'bound %d' % bound
    return 'truncated'      # dfs, sleepset, dpor: only the cap stops them


def rss(r):
    return ('>=' if r['rss_floor'] else '') + '%.1f' % (r['rss_kib'] / 1024)


def fmt_int(n):
    return '-' if n is None else '{:,}'.format(n).replace(',', ' ')


def fmt_rate(n, t):
    if n is None or t <= 0:
        return '-'
    r = n / t
    return '{:,.0f}'.format(r).replace(',', ' ')


def main():
    if len(sys.argv) < 3:
        sys.exit('usage: bench-table.py SIM SCENARIO.json...')
    sim, files = sys.argv[1], sys.argv[2:]
    variants = env_list('BENCH_VARIANTS', None)
    strategies = env_list('BENCH_STRATEGIES', strategies_of(sim))
    cap = env_int('BENCH_MAX_EXECUTIONS', 2000000)
    samples = env_int('BENCH_SAMPLES', 100000)
    limit = env_int('BENCH_ROW_SECONDS', 120)
    has_jobs = re.search(r'--jobs\b', run_help(sim)) is not None
    dpor_jobs = [int(j) for j in env_list('BENCH_JOBS', ['1', '2'])]

    plan = []   # (strategy, jobs or None, cap)
    for s in strategies:
        c = samples if s in SAMPLERS else cap
        if not has_jobs:
            plan.append((s, None, c))
        elif s == 'dpor':
            plan += [(s, j, c) for j in dpor_jobs]
        else:
            plan.append((s, 1, c))

    print('strategies (from sim list): %s; --jobs %s' %
          (' '.join(strategies),
           'supported: every row --jobs 1, dpor also --jobs ' +
           ','.join(str(j) for j in dpor_jobs if j != 1)
           if has_jobs else 'not supported by this sim run: single-threaded rows'))
    print('caps: --max-executions %s for dfs, sleepset, dpor, bounded; %s samples for %s; '
          'a row is stopped after %d s' % (fmt_int(cap), fmt_int(samples),
                                           ' and '.join(SAMPLERS), limit))
    print('variants: %s' % (','.join(variants) if variants else
                            'the keys of each scenario\'s "expect"'))
    print()
    sys.stdout.flush()

    rows = []
    trace_dir = tempfile.mkdtemp(prefix='itsim-bench-traces.')
    t_all = time.monotonic()
    for path in files:
        stem = os.path.splitext(os.path.basename(path))[0]
        bound, expected = scenario_info(path)
        for v in variants or expected:
            for s, j, c in plan:
                sys.stderr.write('bench: %s %s %s%s ...\n' %
                                 (stem, v, s, '' if j is None else ' --jobs %d' % j))
                sys.stderr.flush()
                r = run_row(sim, path, v, s, j, c, trace_dir, limit)
                r.update(scenario=stem, variant=v, strategy=s, jobs=j, cap=c)
                if 'res' in r:
                    r['search'] = search_of(r, s, c, bound)
                rows.append(r)
    total = time.monotonic() - t_all
    subprocess.run(['rm', '-rf', trace_dir])

    # dfs executions per (scenario, variant), when dfs completed.
    dfs = {}
    for r in rows:
        if r['strategy'] == 'dfs' and r.get('search') == 'complete':
            dfs[(r['scenario'], r['variant'])] = r['res']['executions']

    head = ['scenario', 'variant', 'strategy', 'jobs', 'executions', 'redundant',
            'executions/s', 'steps/s', 'wall s', 'cpu s', 'peak RSS MiB',
            'search', 'ratio to dfs', 'found', 'match']
    right = {4, 5, 6, 7, 8, 9, 10, 12}
    table = []
    have_steps = False
    for r in rows:
        jobs = '-' if r['jobs'] is None else str(r['jobs'])
        base = [r['scenario'], r['variant'], r['strategy'], jobs]
        if 'res' not in r:
            table.append(base + ['-'] * 6 + [rss(r), 'error: ' + r['error'], '-', '-', '-'])
            continue
        res = r['res']
        n = res.get('executions')
        steps = res.get('steps')
        have_steps = have_steps or steps is not None
        ratio = '-'
        key = (r['scenario'], r['variant'])
        if (r['strategy'] not in ('dfs',) + SAMPLERS and r['search'] == 'complete'
                and key in dfs and dfs[key]):
            ratio = '%.3g' % (n / dfs[key])
        found = ','.join(sorted({f['kind'] for f in res.get('findings', [])})) or 'clean'
        match = '-' if res.get('expected') is None else ('yes' if res.get('matched') else 'NO')
        redundant = None
        if 'abandoned' in res or 'repeated' in res:
            redundant = res.get('abandoned', 0) + res.get('repeated', 0)
        table.append(base + [fmt_int(n), fmt_int(redundant),
                             fmt_rate(n, r['wall']),
                             fmt_rate(steps, r['wall']) if steps is not None else '-',
                             '%.2f' % r['wall'], '%.2f' % r['cpu'],
                             rss(r), r['search'], ratio,
                             found, match])

    print('Columns: executions = complete executions (JSON "executions"). redundant = '
          'executions started but not counted there, which also count against the cap: '
          'sleepset\'s (and dpor\'s) cut short as redundant (JSON "abandoned"), bounded\'s '
          'repeated from a lower bound (JSON "repeated"). executions/s and steps/s are per '
          'second of wall time of the whole `sim run` process (load, explore, report); '
          'cpu s is its user+sys time (above wall when --jobs 2 keeps both workers busy). '
          'peak RSS is the maximum resident set of that one process (GNU time %M; ">=": '
          'wait4 ru_maxrss, which includes this script\'s own size), one process per row. '
          'search: complete (exhaustive), truncated (the cap was reached first), bound B '
          '(bounded: every interleaving with at most B preemptions, not exhaustive), '
          'sampled (random, pct), interrupted (stopped at the row time limit). found: the '
          'finding kinds seen; match: whether they meet the scenario\'s expect.')
    print()
    print('ratio to dfs = this row\'s executions / the dfs row\'s executions, same scenario '
          'and variant, only where both searches completed. dfs runs every interleaving; '
          'sleepset and dpor run one execution per class of equivalent interleavings '
          '(Mazurkiewicz traces), so for them the ratio is classes / interleavings: the '
          'share of dfs\'s executions they still run (smaller is better; 1 would mean no '
          'reduction). Redundant executions are not in it: sleepset pays them on top.')
    if not have_steps:
        print()
        print('steps/s: "-" because `sim run --json` reports no step count (it would need a '
              'per-result "steps" field: visible operations scheduled over all executions, '
              'abandoned ones included).')
    print()

    widths = [max(len(head[i]), *(len(t[i]) for t in table)) if table else len(head[i])
              for i in range(len(head))]

    def line(cells):
        return '| ' + ' | '.join(c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                                 for i, c in enumerate(cells)) + ' |'
    print(line(head))
    print('|' + '|'.join(('-' * (widths[i] + 1) + ':') if i in right else
                         ('-' * (widths[i] + 2)) for i in range(len(head))) + '|')
    for t in table:
        print(line(t))
    print()
    print('%d rows in %.1f s' % (len(table), total))
    return 0


if __name__ == '__main__':
    sys.exit(main())
