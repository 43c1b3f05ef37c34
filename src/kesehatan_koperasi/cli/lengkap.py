"""Shell completion (bash, and zsh through ``bashcompinit``) written from the argparse parser
itself, so a new command or option completes without further work."""

from __future__ import annotations

import argparse


def _struktur(parser: argparse.ArgumentParser) -> dict[str, list[str]]:
    """Subcommand → its option strings (and the choices of its positionals); ``""`` → top level."""
    out: dict[str, list[str]] = {"": []}
    for a in parser._actions:
        out[""] += a.option_strings
        if isinstance(a, argparse._SubParsersAction):
            for nama, sp in a.choices.items():
                out[""].append(nama)
                kata: list[str] = []
                for b in sp._actions:
                    kata += b.option_strings
                    if not b.option_strings and b.choices:
                        kata += [str(c) for c in b.choices]
                out[nama] = kata
    return out


def skrip(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell`` ("bash" or "zsh")."""
    s = _struktur(parser)
    kasus = "\n".join(f'        {nama}) kata="{" ".join(k)}" ;;' for nama, k in s.items() if nama)
    bash = f'''# pelengkapan otomatis kesehatan-koperasi (dibuat oleh: kesehatan-koperasi completion {shell})
_kesehatan_koperasi() {{
    local kini="${{COMP_WORDS[COMP_CWORD]}}" perintah="${{COMP_WORDS[1]}}" kata
    if [ "$COMP_CWORD" -eq 1 ]; then
        kata="{" ".join(s[""])}"
    else
        case "$perintah" in
{kasus}
        *) kata="" ;;
        esac
    fi
    COMPREPLY=($(compgen -W "$kata" -- "$kini"))
    [ ${{#COMPREPLY[@]}} -eq 0 ] && COMPREPLY=($(compgen -f -- "$kini"))
    return 0
}}
complete -o filenames -F _kesehatan_koperasi kesehatan-koperasi
'''
    if shell == "zsh":
        return "autoload -U +X bashcompinit && bashcompinit\n" + bash
    return bash
