#!/usr/bin/env bash
# Installs what PDF export and Arabic text need, when missing: a Chromium-family browser and the
# Noto fonts the reports use, Arabic included. Debian/Ubuntu via apt-get (as root, or with sudo);
# elsewhere it prints what to install. Safe to run again: it does nothing when all is present.
set -euo pipefail

need_browser=1
for b in "${SITREP_BROWSER:-}" chromium chromium-browser google-chrome google-chrome-stable; do
  if [ -n "$b" ] && command -v "$b" >/dev/null 2>&1; then need_browser=0; break; fi
done
# The reports' fonts (report.css, report.mplstyle): Noto Sans for Latin text, Noto Naskh Arabic
# for Arabic text and Noto Sans Arabic for Arabic headings, figures and charts. Debian's
# fonts-noto-core has all three.
need_font=0
if command -v fc-list >/dev/null 2>&1; then
  families=$(fc-list : family)
  for font in "Noto Sans" "Noto Naskh Arabic" "Noto Sans Arabic"; do
    printf '%s\n' "$families" | tr ',' '\n' | grep -qx "$font" || need_font=1
  done
else
  need_font=1
fi

if [ "$need_browser" = 0 ] && [ "$need_font" = 0 ]; then
  exit 0
fi

packages=()
[ "$need_browser" = 1 ] && packages+=(chromium)
[ "$need_font" = 1 ] && packages+=(fonts-noto-core)

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "install as root: apt-get install ${packages[*]}" >&2; exit 1
    fi
  fi
  echo "installing ${packages[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" fontconfig >/dev/null
  command -v fc-cache >/dev/null 2>&1 && fc-cache -f >/dev/null 2>&1 || true
else
  cat >&2 <<MSG
syria-sitrep needs: ${packages[*]}
  Fedora:  sudo dnf install chromium google-noto-sans-arabic-fonts google-noto-naskh-arabic-fonts google-noto-sans-fonts
  macOS:   install Google Chrome, then: export SITREP_BROWSER="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"
           and the Noto fonts (brew install --cask font-noto-sans font-noto-sans-arabic font-noto-naskh-arabic)
MSG
  exit 1
fi
