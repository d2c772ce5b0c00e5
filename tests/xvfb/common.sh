# Shared by the Xvfb scripts (sourced, not run): a real X server with a window manager, the real
# yugong window on a copy of the 高阳 sample, clicks relative to the window's content area, and
# a failure that leaves a screenshot. The sourcing script sets BIN and calls these in order.

# require_tools TOOL…: exit 2 with a Chinese message when one is missing.
require_tools() {
    [ -x "$BIN" ] || { echo "找不到程序 $BIN（先运行 cargo build）" >&2; exit 2; }
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || { echo "缺少 $tool（运行 sh .ci/setup 安装）" >&2; exit 2; }
    done
}

# prepare_work: WORK (a temporary folder), SHOTS ($YUGONG_SHOTS or WORK/shots) and FILE (a copy of
# the sample, with a Chinese name and a space, as users name files).
prepare_work() {
    WORK=$(mktemp -d)
    SHOTS=${YUGONG_SHOTS:-$WORK/shots}
    mkdir -p "$SHOTS" "$WORK/config"
    FILE="$WORK/高阳 2022.ron"
    cp assets/samples/gaoyang-2022.ron "$FILE"
}

# Processes to stop on exit, most recent first.
STARTED=""
started() { STARTED="$1 $STARTED"; }
cleanup() {
    for pid in $STARTED; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

# start_x: Xvfb on a display of its own, then openbox.
start_x() {
    export DISPLAY=":$(( 50 + $$ % 200 ))"
    Xvfb "$DISPLAY" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
    started $!
    sleep 1
}

start_window_manager() {
    openbox >/dev/null 2>&1 &
    started $!
    sleep 1
}

# open_window: yugong on FILE with its own settings folder; waits for the window, activates it
# and sets X and Y, the content area's position (the window manager adds a frame).
open_window() {
    YUGONG_CONFIG_DIR="$WORK/config" "$BIN" "$FILE" >"$WORK/app.log" 2>&1 &
    started $!
    WINDOW=""
    for _ in $(seq 1 60); do
        WINDOW=$(xdotool search --class yugong 2>/dev/null | head -1 || true)
        [ -n "$WINDOW" ] && break
        sleep 0.5
    done
    [ -n "$WINDOW" ] || { echo "窗口没有出现：" >&2; cat "$WORK/app.log" >&2; exit 1; }
    sleep 2
    xdotool windowactivate --sync "$WINDOW" >/dev/null 2>&1 || true
    sleep 0.5
    # openbox may frame the window a moment later; clicks are relative to the framed content
    # area, so wait until the frame moved it (a rehearsal read 0,0 and every click missed).
    for _ in $(seq 1 20); do
        eval "$(xdotool getwindowgeometry --shell "$WINDOW")"
        [ "$X" != 0 ] || [ "$Y" != 0 ] && break
        sleep 0.5
    done
    # The window exists before it has drawn anything: a slower build (unoptimised dependencies
    # parse the CJK font longer) lost the first clicks of a rehearsal. Wait until the content shows
    # (a blank window has one colour, the drawn editor hundreds), then a moment for input.
    colours=0
    for _ in $(seq 1 60); do
        colours=$(import -window "$WINDOW" -format '%k' info: 2>/dev/null || echo 0)
        [ "$colours" -gt 100 ] && break
        sleep 0.5
    done
    [ "$colours" -gt 100 ] || { echo "窗口一直没有画出内容：" >&2; cat "$WORK/app.log" >&2; exit 1; }
    sleep 1
    echo "窗口位置 $X,$Y 大小 ${WIDTH}x$HEIGHT"
}

# click_at DX DY: a click at a place relative to the window's content area.
click_at() {
    xdotool mousemove $((X + $1)) $((Y + $2)) click 1
}

fail() {
    import -window root "$SHOTS/failure.png" 2>/dev/null || true
    echo "失败：$1（截图 $SHOTS/failure.png）" >&2
    exit 1
}

# amount_of ROW: the amount of a 收支总表 row as saved in FILE.
amount_of() {
    grep -m1 "(id: \"$1\"" "$FILE" | sed -n 's/.*"amount": "\([^"]*\)".*/\1/p'
}
