#!/bin/sh
# Typing Chinese with an input method, as a user in China types: the real yugong binary in a real
# X server (Xvfb) with a window manager (openbox) and fcitx5 pinyin switched on (XIM, as
# `XMODIFIERS=@im=fcitx` makes winit use it), driven by xdotool key presses. egui_kittest cannot
# test this: it feeds the app composition events itself, so it cannot see whether the window asks
# the X input method for them at all (issue 11: with only a cell selected it did not).
#
#   sh tests/xvfb/ime.sh [path/to/yugong]     (default target/debug/yugong)
#
# Checks: with the input method on, digits typed into a selected amount cell are the amount;
# pinyin “ceshi” + space typed into a selected text cell (an indicator name of a goal table) gives
# 测试 without F2 first; Ctrl+S writes both to the file. fcitx5 runs with its own configuration
# (a temporary XDG_CONFIG_HOME: pinyin as the default, active from the start) on its own D-Bus
# session, so nothing of the user's is touched. Screenshots go to $YUGONG_SHOTS (default a
# temporary folder). Needs xvfb openbox xdotool imagemagick fcitx5 fcitx5-chinese-addons dbus-x11
# (.ci/setup installs them). Candidate windows show boxes unless a CJK system font is installed;
# that is fcitx's drawing, not yugong's.
set -eu
BIN=$(realpath "${1:-target/debug/yugong}")
. "$(dirname "$0")/common.sh"
require_tools Xvfb openbox xdotool import fcitx5 fcitx5-remote dbus-launch
prepare_work
mkdir -p "$WORK/xdg/fcitx5"

# fcitx5's own configuration: one group, English keyboard and pinyin, pinyin the default and
# active by default (no Ctrl+Space needed).
cat >"$WORK/xdg/fcitx5/profile" <<'EOF'
[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
EOF
cat >"$WORK/xdg/fcitx5/config" <<'EOF'
[Behavior]
ActiveByDefault=True
ShareInputState=All
EOF
export XDG_CONFIG_HOME="$WORK/xdg"
# XIM needs a UTF-8 locale to hand over Chinese text.
export LANG=C.UTF-8 LC_ALL=C.UTF-8

start_x
eval "$(dbus-launch --sh-syntax)"
started "$DBUS_SESSION_BUS_PID"
export DBUS_SESSION_BUS_ADDRESS
start_window_manager
fcitx5 --replace >"$WORK/fcitx5.log" 2>&1 &
started $!
# Ready once the pinyin addon has loaded (it loads last, after a second or more; before that
# fcitx5-remote may already answer with the configured name).
for _ in $(seq 1 80); do
    grep -q "Loaded addon pinyin" "$WORK/fcitx5.log" 2>/dev/null && break
    sleep 0.25
done
sleep 0.5
[ "$(fcitx5-remote -n 2>/dev/null || true)" = pinyin ] || {
    echo "fcitx5 没有启用拼音输入法（缺少 fcitx5-chinese-addons？）：" >&2
    tail -20 "$WORK/fcitx5.log" >&2
    exit 2
}

export XMODIFIERS=@im=fcitx
open_window
fcitx5-remote -o 2>/dev/null || true
# The layout is the window's default size, with no finding lengthening a navigation entry.

# 1. 预算项目绩效目标 → 1 大气办工作经费 (its goal table opens on the right) → the first
#    indicator's 三级指标 (制作宣传品数量), selected but not opened.
click_at 92 462
sleep 1
click_at 333 111
sleep 1
click_at 896 271
sleep 0.5
xdotool type --delay 80 ceshi
sleep 1
import -window root "$SHOTS/2-candidates.png"
xdotool key space
sleep 1
import -window root "$SHOTS/3-committed.png"
xdotool key Return
sleep 0.5

# 2. Back to 1. 收支总表 (the first navigation entry; the goal table stays open on the right),
#    its first amount cell (一般公共预算拨款收入), digits typed with pinyin on: the amount cell
#    keeps the input method off. Last, because the findings this raises move the navigation.
click_at 46 63
sleep 1
click_at 509 162
sleep 0.5
xdotool type --delay 80 '12.50'
xdotool key Return
sleep 0.5
import -window root "$SHOTS/4-amount.png"

xdotool key ctrl+s
sleep 2
import -window root "$SHOTS/5-saved.png"

[ "$(amount_of in.general)" = "12.50" ] ||
    fail "输入法开着时在金额单元格键入 12.50，保存为“$(amount_of in.general)”"
echo "ok 输入法开着时金额单元格照常接收数字"
grep -q 'level2: "数量指标", name: "测试"' "$FILE" ||
    fail "选中文字单元格后用拼音输入 ceshi+空格，没有得到“测试”：$(grep -m1 '数量指标' "$FILE")"
echo "ok 选中文字单元格直接用拼音输入“测试”并保存"
echo "截图：$SHOTS"
