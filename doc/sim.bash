# bash completion for sim (itsim)                          -*- shell-script -*-
# SPDX-License-Identifier: MIT

_sim()
{
	local cur prev words cword
	_init_completion || return

	local commands="run replay merge list bench variant"
	if [[ $cword -eq 1 ]]; then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return
	fi
	case $prev in
	--strategy)
		COMPREPLY=($(compgen -W "dpor sleepset dfs bounded random pct" -- "$cur"))
		return ;;
	--format)
		COMPREPLY=($(compgen -W "text json ktap" -- "$cur"))
		return ;;
	--variant | --expect-like | --from)
		COMPREPLY=($(compgen -W "all v0 v1 v2 v2-rcu" -- "$cur"))
		return ;;
	--variant-file)
		_filedir c
		return ;;
	--kernel-tree | --trace-dir | --svg-dir)
		_filedir
		return ;;
	--patch | --junit | --svg)
		_filedir
		return ;;
	--jobs | --shard | --max-executions | --executions | --seed | \
	--preemption-bound | --depth | --max-steps | --hang-seconds | --show | \
	--faults | --fault-site)
		return ;;
	esac
	case ${words[1]} in
	run)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--variant --variant-file --kernel-tree
				--patch --expect-like --strategy --jobs --shard
				--max-executions --executions --seed --preemption-bound
				--depth --max-steps --hang-seconds --show --faults --kcsan
				--fault-site --coverage --trace-dir
				--svg-dir --json --format --junit --verbose --quiet
				--help" -- "$cur"))
		else
			_filedir json
		fi ;;
	replay)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--variant --variant-file --kernel-tree
				--trust-embedded-code --svg --help" -- "$cur"))
		else
			_filedir trace
		fi ;;
	merge)
		_filedir json ;;
	variant)
		[[ $cword -eq 2 ]] && COMPREPLY=($(compgen -W "new" -- "$cur")) ||
			COMPREPLY=($(compgen -W "--from" -- "$cur")) ;;
	esac
} &&
	complete -F _sim sim
