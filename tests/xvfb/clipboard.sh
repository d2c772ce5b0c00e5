#!/bin/sh
# The system clipboard as a user meets it, across process boundaries: the real yugong binary in
# a real X server (Xvfb) with a window manager (openbox), driven by xdotool key presses and mouse
# clicks, with another program (xclip) on the other side of the clipboard. egui_kittest cannot
# test this: it feeds the app its own events and never crosses the system clipboard.
#
#   sh tests/xvfb/clipboard.sh [path/to/yugong]     (default target/debug/yugong)
#
# Checks: Ctrl+C on a cell reaches the clipboard; a value and a two-row block copied in another
# program are pasted with Ctrl+V into cells; Chinese text copied elsewhere is pasted into a
# narrative field; Ctrl+S writes all of it to the file. Screenshots go to $YUGONG_SHOTS (default
# a temporary folder) so a person can look at them. Needs xvfb openbox xdotool xclip imagemagick
# (.ci/setup installs them).
set -eu
BIN=$(realpath "${1:-target/debug/yugong}")
. "$(dirname "$0")/common.sh"
require_tools Xvfb openbox xdotool xclip import
prepare_work
start_x
start_window_manager
open_window

# What another program copied: xclip keeps serving it from a process of its own, which needs a
# moment to take the selection.
set_clipboard() {
    printf "$1" | xclip -selection clipboard 2>/dev/null
    sleep 0.5
}

# 1. Chinese text copied elsewhere, pasted at the end of 九、其他需要说明的事项. The window's
#    layout is fixed at its default size: the navigation entry and the text field are clicked
#    at their places relative to the window (first, while no finding lengthens a navigation
#    entry above it).
click_at 85 553
# The page must be drawn before its text field is clicked (a slow frame once let the click and
# Ctrl+End land on the grid, and the paste went into the table).
sleep 2
click_at 755 188
sleep 1
xdotool key ctrl+End
set_clipboard '另：本部门无新增资产购置计划。'
xdotool key ctrl+v
sleep 1
import -window root "$SHOTS/1-pasted-text.png"
[ -n "${YUGONG_DEBUG:-}" ] && echo debug

# 2. Back to 1. 收支总表 (the first navigation entry), and a click on its first amount cell
#    (一般公共预算拨款收入, 1006.79).
click_at 46 63
sleep 2
click_at 509 162
sleep 1
set_clipboard 'stale'
xdotool key ctrl+c
sleep 1
copied=$(timeout 5 xclip -o -selection clipboard)
[ "$copied" = "1006.79" ] || fail "Ctrl+C 复制单元格后剪贴板是“$copied”，应为 1006.79"
echo "ok 复制单元格到系统剪贴板：$copied"

# 3. A value written as Excel shows it, pasted from the other program.
set_clipboard '1,234.50'
xdotool key ctrl+v
sleep 1
# 4. A two-row block (Excel copies rows as lines, cells as tabs) one row further down.
xdotool key Down
set_clipboard '12.30\r\n4.56\r\n'
xdotool key ctrl+v
sleep 1
import -window root "$SHOTS/2-pasted-cells.png"

xdotool key ctrl+s
sleep 2
import -window root "$SHOTS/4-saved.png"

[ "$(amount_of in.general)" = "1234.50" ] || fail "一般公共预算拨款收入保存为“$(amount_of in.general)”，应为 1234.50"
echo "ok 从其他程序粘贴单个数值（1,234.50）并保存"
[ "$(amount_of in.fund)" = "12.30" ] && [ "$(amount_of in.capital)" = "4.56" ] ||
    fail "粘贴两行后为“$(amount_of in.fund)”“$(amount_of in.capital)”，应为 12.30、4.56"
echo "ok 从其他程序粘贴两行数据块并保存"
grep -q 'other_matters: "我部门无其他需要说明的情况。另：本部门无新增资产购置计划。"' "$FILE" ||
    fail "情况说明粘贴的中文没有保存：$(grep -m1 other_matters "$FILE")"
echo "ok 从其他程序粘贴中文到情况说明并保存"
echo "截图：$SHOTS"
