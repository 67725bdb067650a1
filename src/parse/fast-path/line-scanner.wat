;; The line scanner: the hot loop of a big log, in WebAssembly with 128-bit SIMD.
;;
;; Outside a dump, almost every line of an MPF log is either a posted event,
;;   2026-11-25 03:39:32,920 : INFO : EventManager : Event: ======'player_score'====== Args={…}
;; which only adds one to a count, or noise (switches, BCP, modes) that is skipped. The scanner
;; reads such lines 16 bytes at a time and stops at the first line that the parser must read
;; itself (see line-scanner.ts for the contract). It decides exactly as the parser does:
;;   - a line is a posted event when it starts with a prefix the parser has taught it (`addShape`):
;;     fixed bytes, digits where the timestamp has digits, then `Event: ==`; then more `=`, a quote,
;;     and the name up to the first `'=`, all before the line's end (without its `\r`);
;;   - a name with a byte above 0x7F is the parser's (it may decode the line as Windows-1252);
;;   - any other line is skipped unless it holds one of the markers the parser gives (MARKERS: up
;;     to 8, of 2 to 31 bytes, that line-scanner.ts writes there).
;;
;; Built into line-scanner-wasm.ts by `npm run build:scanner`; a test checks that the two agree.
(module
  (memory (export "memory") 121)

  ;; Memory layout (byte offsets). Log bytes are read into READ_A and READ_B in turn, or copied into
  ;; COPY; the parser reads RECORDS.
  ;;   STAGING   1024  a shape's template (256 bytes), then 1 per byte that is a digit (256 bytes)
;;   MARKERS   1536  4 tables of 16 bytes (the markers by the low and the high nibble of their first
;;                   and of their second byte, a bit each), 32 bytes of scratch, then 8 markers of
;;                   32 bytes: length, then bytes
  ;;   SHAPES    2048  8 shapes of 1024 bytes: length, then pattern/digits/care masks (see addShape)
  ;;   RECORDS  16384  one u32 per posted line read that is not counted here: event id * 8 + shape
  ;;   COUNTED  81920  the keys (event id * 8 + shape) counted here by the last scan, in the order
  ;;                   first counted
  ;;   SLOTS   131072  hash table of names: entry index + 1, 0 when free (32768 slots)
  ;;   ENTRIES 262144  64 bytes per name: hash, length, offset of its bytes in NAMES, event id,
  ;;                   then its head and tail (see slotOf)
  ;;   NAMES  1310720  name bytes (2.75 MiB)
  ;;   READ_A 4194304  1 MiB of log bytes
  ;;   READ_B 5242880  1 MiB of log bytes
  ;;   COPY   6291456  1 MiB of log bytes, then a page that is never written: loads of 16 bytes
  ;;                   may reach up to 272 bytes past the end of the bytes scanned (into the next
  ;;                   area, or that page), and what they find there is never taken as the log's
  ;;   TALLY  7405568  one u32 per key (event id * 8 + shape): 0 when its posts go to the parser as
  ;;                   records; else 1 + the posts counted here since the parser last took them
  (global $SHAPES i32 (i32.const 2048))
  (global $RECORDS i32 (i32.const 16384))
  (global $SLOTS i32 (i32.const 131072))
  (global $ENTRIES i32 (i32.const 262144))
  (global $NAMES_END i32 (i32.const 4194304))
  (global $MAX_RECORDS i32 (i32.const 16384))
  (global $COUNTED (export "counted") i32 (i32.const 81920))
  (global $MAX_COUNTED i32 (i32.const 12288))
  (global $TALLY (export "tally") i32 (i32.const 7405568))
  (global $MAX_KEYS (export "maxKeys") i32 (i32.const 131072))
  (global $SLOT_MASK i32 (i32.const 32767))
  (global $MAX_NAMES i32 (i32.const 16384))
  (global $MAX_SHAPES i32 (i32.const 8))
  ;; A template longer than this is not taken (the parser learns prefixes up to 200 bytes).
  (global $MAX_TEMPLATE i32 (i32.const 240))
  (global $STAGING (export "staging") i32 (i32.const 1024))
  (global $MARKERS (export "markers") i32 (i32.const 1536))
  (global $READ_A (export "readA") i32 (i32.const 4194304))
  (global $READ_B (export "readB") i32 (i32.const 5242880))
  (global $COPY (export "copy") i32 (i32.const 6291456))
  (global $AREA_BYTES (export "areaBytes") i32 (i32.const 1048576))

  ;; Why scan() stopped.
  ;;   0 END   no whole line is left at `at`: the rest is the start of a line
  ;;   1 LINE  the line [at, lineEnd) is for the parser
  ;;   2 NAME  the line [at, lineEnd) is a posted event of shape `shape` whose name
  ;;           [nameStart, nameEnd) the scanner does not know yet (addName teaches it)
  ;;   3 FULL  RECORDS or COUNTED is full; the line at `at` is not read yet
  (global $at (export "at") (mut i32) (i32.const 0))
  (global $lineEnd (export "lineEnd") (mut i32) (i32.const 0))
  (global $nameStart (export "nameStart") (mut i32) (i32.const 0))
  (global $nameEnd (export "nameEnd") (mut i32) (i32.const 0))
  (global $shape (export "shape") (mut i32) (i32.const 0))
  ;; Lines read by the last scan(), and posted-event lines among them (= records written).
  (global $lines (export "lines") (mut i32) (i32.const 0))
  (global $records (export "records") (mut i32) (i32.const 0))
  ;; Keys counted by the last scan() (written to COUNTED).
  (global $counted (export "keysCounted") (mut i32) (i32.const 0))

  (global $shapeCount (mut i32) (i32.const 0))
  (global $nameCount (mut i32) (i32.const 0))
  (global $namesUsed (mut i32) (i32.const 1310720))
  ;; What slotOf read of the last name it looked up, for addName.
  (global $head (mut v128) (v128.const i64x2 0 0))
  (global $tail (mut v128) (v128.const i64x2 0 0))
  (global $hash (mut i32) (i32.const 0))

  ;; Whether marker $m starts at $at and ends by $end.
  (func $markerAt (param $m i32) (param $at i32) (param $end i32) (result i32)
    (local $marker i32) (local $length i32) (local $i i32)
    (local.set $marker (i32.add (i32.add (global.get $MARKERS) (i32.const 96)) (i32.shl (local.get $m) (i32.const 5))))
    (local.set $length (i32.load8_u (local.get $marker)))
    (if (i32.gt_u (i32.add (local.get $at) (local.get $length)) (local.get $end)) (then (return (i32.const 0))))
    (loop $byte
      (if (i32.ne (i32.load8_u (i32.add (local.get $at) (local.get $i))) (i32.load8_u offset=1 (i32.add (local.get $marker) (local.get $i))))
        (then (return (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $byte (i32.lt_u (local.get $i) (local.get $length))))
    (i32.const 1))

  ;; The end of the name that starts at $p: the first `'` followed by `=`, both before $end.
  ;; -1 when there is none, or when a byte before it is above 0x7F.
  (func $nameEndFrom (param $p i32) (param $end i32) (result i32)
    (local $ends i32) (local $high i32) (local $left i32) (local $first i32) (local $bytes v128)
    (loop $window
      ;; positions i with i + 1 < $end
      (local.set $left (i32.sub (i32.sub (local.get $end) (i32.const 1)) (local.get $p)))
      (if (i32.le_s (local.get $left) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $bytes (v128.load (local.get $p)))
      (local.set $ends (i8x16.bitmask (v128.and
        (i8x16.eq (local.get $bytes) (i8x16.splat (i32.const 0x27)))
        (i8x16.eq (v128.load offset=1 (local.get $p)) (i8x16.splat (i32.const 0x3d))))))
      (local.set $high (i8x16.bitmask (local.get $bytes)))
      (if (i32.lt_u (local.get $left) (i32.const 16))
        (then
          (local.set $ends (i32.and (local.get $ends) (i32.sub (i32.shl (i32.const 1) (local.get $left)) (i32.const 1))))
          (local.set $high (i32.and (local.get $high) (i32.sub (i32.shl (i32.const 1) (local.get $left)) (i32.const 1))))))
      (if (local.get $ends)
        (then
          (local.set $first (i32.ctz (local.get $ends)))
          (if (i32.and (local.get $high) (i32.sub (i32.shl (i32.const 1) (local.get $first)) (i32.const 1)))
            (then (return (i32.const -1))))
          (return (i32.add (local.get $p) (local.get $first)))))
      (if (local.get $high) (then (return (i32.const -1))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $window))
    (unreachable))

  ;; The slot of the name [$p, $p + $length): the one that holds it, or the free one where it goes.
  ;; A name is looked up by its head (its first 16 bytes, zeros past its end), its tail (its last
  ;; 16 bytes when it is longer, else zeros), its length and the windows of its middle: a hash of
  ;; them picks the slot, and head, tail and length are compared with the entry's copy, which
  ;; settles names of up to 32 bytes; the middle of a longer one is compared with its bytes in NAMES. Leaves head, tail and hash for addName.
  (func $slotOf (export "slotOf") (param $p i32) (param $length i32) (result i32)
    (local $head v128) (local $tail v128) (local $mixed i64) (local $hash i32)
    (local $slot i32) (local $entry i32) (local $offset i32) (local $name i32) (local $window v128)
    ;; Zeros past the end of a name shorter than 16 bytes.
    (local.set $head (v128.and (v128.load (local.get $p))
      (i8x16.gt_u
        (i8x16.splat (select (local.get $length) (i32.const 16) (i32.lt_u (local.get $length) (i32.const 16))))
        (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15))))
    (if (i32.gt_u (local.get $length) (i32.const 16))
      (then (local.set $tail (v128.load (i32.sub (i32.add (local.get $p) (local.get $length)) (i32.const 16))))))
    ;; Each lane has a multiplier of its own: a 24-byte name's head and tail share bytes 8-15, and
    ;; the same bytes in two lanes must not cancel out.
    (local.set $mixed (i64.xor
      (i64.xor
        (i64.mul (i64x2.extract_lane 0 (local.get $head)) (i64.const 0x9e3779b97f4a7c15))
        (i64.mul (i64x2.extract_lane 1 (local.get $head)) (i64.const 0xc2b2ae3d27d4eb4f)))
      (i64.xor
        (i64.mul (i64x2.extract_lane 0 (local.get $tail)) (i64.const 0x165667b19e3779f9))
        (i64.mul (i64x2.extract_lane 1 (local.get $tail)) (i64.const 0x27d4eb2f165667c5)))))
    ;; Past 32 bytes, the middle too, a whole window at a time from byte 16 while one ends before
    ;; the tail's start (as it is compared below): names may differ there only.
    (local.set $offset (i32.const 16))
    (loop $middleHash
      (if (i32.lt_s (local.get $offset) (i32.sub (local.get $length) (i32.const 16)))
        (then
          (local.set $window (v128.load (i32.add (local.get $p) (local.get $offset))))
          (local.set $mixed (i64.xor
            (i64.rotl (local.get $mixed) (i64.const 23))
            (i64.xor
              (i64.mul (i64x2.extract_lane 0 (local.get $window)) (i64.const 0x9e3779b97f4a7c15))
              (i64.mul (i64x2.extract_lane 1 (local.get $window)) (i64.const 0xc2b2ae3d27d4eb4f)))))
          (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
          (br $middleHash))))
    ;; The slot is taken from the high half of a last product, which every bit of the input reaches.
    (local.set $mixed (i64.mul
      (i64.xor (i64.xor (local.get $mixed) (i64.shr_u (local.get $mixed) (i64.const 32))) (i64.extend_i32_u (local.get $length)))
      (i64.const 0x9e3779b97f4a7c15)))
    (local.set $hash (i32.wrap_i64 (i64.shr_u (local.get $mixed) (i64.const 32))))
    (global.set $head (local.get $head))
    (global.set $tail (local.get $tail))
    (global.set $hash (local.get $hash))
    (local.set $slot (i32.and (local.get $hash) (global.get $SLOT_MASK)))
    (loop $probe
      (local.set $entry (i32.load (i32.add (global.get $SLOTS) (i32.shl (local.get $slot) (i32.const 2)))))
      (if (i32.eqz (local.get $entry)) (then (return (local.get $slot))))
      (local.set $entry (i32.add (global.get $ENTRIES) (i32.shl (i32.sub (local.get $entry) (i32.const 1)) (i32.const 6))))
      (block $other
        (br_if $other (i32.ne (i32.load (local.get $entry)) (local.get $hash)))
        (br_if $other (i32.ne (i32.load offset=4 (local.get $entry)) (local.get $length)))
        (br_if $other (i32.eqz (i8x16.all_true (i8x16.eq (local.get $head) (v128.load offset=16 (local.get $entry))))))
        (br_if $other (i32.eqz (i8x16.all_true (i8x16.eq (local.get $tail) (v128.load offset=32 (local.get $entry))))))
        ;; Past 32 bytes: whole windows from byte 16 while one ends before the tail's start.
        (local.set $name (i32.load offset=8 (local.get $entry)))
        (local.set $offset (i32.const 16))
        (loop $middle
          (if (i32.lt_s (local.get $offset) (i32.sub (local.get $length) (i32.const 16)))
            (then
              (br_if $other (i32.eqz (i8x16.all_true (i8x16.eq
                (v128.load (i32.add (local.get $p) (local.get $offset)))
                (v128.load (i32.add (local.get $name) (local.get $offset)))))))
              (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
              (br $middle))))
        (return (local.get $slot)))
      (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (global.get $SLOT_MASK)))
      (br $probe))
    (unreachable))

  ;; Teaches the name [$p, $end) (where scan() found it) with its event id.
  ;; Returns 0 when the table is full: the parser then keeps reading that name's lines itself.
  (func (export "addName") (param $p i32) (param $end i32) (param $id i32) (result i32)
    (local $length i32) (local $slot i32) (local $entry i32)
    (local.set $length (i32.sub (local.get $end) (local.get $p)))
    (if (i32.or
          (i32.ge_u (global.get $nameCount) (global.get $MAX_NAMES))
          (i32.gt_u (i32.add (global.get $namesUsed) (local.get $length)) (global.get $NAMES_END)))
      (then (return (i32.const 0))))
    (local.set $slot (call $slotOf (local.get $p) (local.get $length)))
    (if (i32.load (i32.add (global.get $SLOTS) (i32.shl (local.get $slot) (i32.const 2)))) (then (return (i32.const 1))))
    (memory.copy (global.get $namesUsed) (local.get $p) (local.get $length))
    (local.set $entry (i32.add (global.get $ENTRIES) (i32.shl (global.get $nameCount) (i32.const 6))))
    (i32.store (local.get $entry) (global.get $hash))
    (i32.store offset=4 (local.get $entry) (local.get $length))
    (i32.store offset=8 (local.get $entry) (global.get $namesUsed))
    (i32.store offset=12 (local.get $entry) (local.get $id))
    (v128.store offset=16 (local.get $entry) (global.get $head))
    (v128.store offset=32 (local.get $entry) (global.get $tail))
    (global.set $nameCount (i32.add (global.get $nameCount) (i32.const 1)))
    (i32.store (i32.add (global.get $SLOTS) (i32.shl (local.get $slot) (i32.const 2))) (global.get $nameCount))
    (global.set $namesUsed (i32.add (global.get $namesUsed) (local.get $length)))
    (i32.const 1))

  ;; Teaches a posted event's prefix: $length bytes of template at STAGING, and at STAGING + 256 a
  ;; byte per template byte, 1 where any digit may stand. Returns the shape's index, or -1.
  ;; A shape keeps the template, a mask of its digit positions and a mask of its length, each in
  ;; 16-byte windows, so afterShape compares a window in a few instructions.
  (func (export "addShape") (param $length i32) (result i32)
    (local $shape i32) (local $i i32) (local $inTemplate i32)
    (if (i32.or
          (i32.ge_u (global.get $shapeCount) (global.get $MAX_SHAPES))
          (i32.or (i32.eqz (local.get $length)) (i32.gt_u (local.get $length) (global.get $MAX_TEMPLATE))))
      (then (return (i32.const -1))))
    (local.set $shape (i32.add (global.get $SHAPES) (i32.shl (global.get $shapeCount) (i32.const 10))))
    (i32.store (local.get $shape) (local.get $length))
    (loop $byte
      (local.set $inTemplate (i32.lt_u (local.get $i) (local.get $length)))
      (i32.store8 offset=256 (i32.add (local.get $shape) (local.get $i))
        (select (i32.load8_u (i32.add (global.get $STAGING) (local.get $i))) (i32.const 0) (local.get $inTemplate)))
      (i32.store8 offset=512 (i32.add (local.get $shape) (local.get $i))
        (select
          (select (i32.const 0xff) (i32.const 0) (i32.load8_u offset=256 (i32.add (global.get $STAGING) (local.get $i))))
          (i32.const 0)
          (local.get $inTemplate)))
      (i32.store8 offset=768 (i32.add (local.get $shape) (local.get $i)) (select (i32.const 0xff) (i32.const 0) (local.get $inTemplate)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $byte (i32.lt_u (local.get $i) (i32.const 256))))
    (global.set $shapeCount (i32.add (global.get $shapeCount) (i32.const 1)))
    (i32.sub (global.get $shapeCount) (i32.const 1)))

  ;; Reads the lines of [$p, $end) (in READ_A, READ_B or COPY) from $p, a line's start, until one that the parser must
  ;; read or the end; returns why it stopped (see the globals above). The steps of a line are
  ;; written out here rather than called: this runs for every line of the log, and V8 does not
  ;; inline WebAssembly calls.
  (func (export "scan") (param $p i32) (param $end i32) (result i32)
    (local $newline i32) (local $lineEnd i32) (local $s i32) (local $q i32) (local $nameEnd i32) (local $id i32)
    (local $found i32) (local $lines i32) (local $records i32) (local $shapeCount i32)
    (local $shapeAt i32) (local $length i32) (local $offset i32) (local $bytes v128)
    (local $firstLow v128) (local $firstHigh v128) (local $secondLow v128) (local $secondHigh v128)
    (local $next v128) (local $hit v128) (local $key i32) (local $tallyAt i32) (local $tally i32) (local $counted i32)
    (local.set $firstLow (v128.load (global.get $MARKERS)))
    (local.set $firstHigh (v128.load offset=16 (global.get $MARKERS)))
    (local.set $secondLow (v128.load offset=32 (global.get $MARKERS)))
    (local.set $secondHigh (v128.load offset=48 (global.get $MARKERS)))
    (local.set $shapeCount (global.get $shapeCount))
    (global.set $lines (i32.const 0))
    (global.set $records (i32.const 0))
    (global.set $counted (i32.const 0))
    (block $stop (result i32)
    (loop $line
      ;; The line's newline.
      (local.set $q (local.get $p))
      (loop $window
        (if (i32.ge_u (local.get $q) (local.get $end)) (then (br $stop (i32.const 0))))
        (local.set $found (i8x16.bitmask (i8x16.eq (v128.load (local.get $q)) (i8x16.splat (i32.const 10)))))
        (if (i32.eqz (local.get $found))
          (then (local.set $q (i32.add (local.get $q) (i32.const 16))) (br $window))))
      (local.set $newline (i32.add (local.get $q) (i32.ctz (local.get $found))))
      ;; The window may reach past $end (the bytes there are not the log's).
      (if (i32.ge_u (local.get $newline) (local.get $end)) (then (br $stop (i32.const 0))))
      (local.set $lineEnd (local.get $newline))
      (if (i32.and
            (i32.gt_u (local.get $newline) (local.get $p))
            (i32.eq (i32.load8_u offset=0 (i32.sub (local.get $newline) (i32.const 1))) (i32.const 13)))
        (then (local.set $lineEnd (i32.sub (local.get $newline) (i32.const 1)))))
      ;; The first shape that the line starts with and has more after, $q where its template ends.
      ;; A window matches when each byte is a digit where the template has a digit, equal to the
      ;; template elsewhere, or past the template's end. The last window goes first: it holds the
      ;; logger and `Event: ==`, where the lines of other loggers differ.
      (local.set $s (i32.const 0))
      (local.set $q (i32.const 0))
      (block $shaped
        (loop $shape
          (br_if $shaped (i32.ge_u (local.get $s) (local.get $shapeCount)))
          (local.set $shapeAt (i32.add (global.get $SHAPES) (i32.shl (local.get $s) (i32.const 10))))
          (local.set $length (i32.load (local.get $shapeAt)))
          (block $other
            (br_if $other (i32.ge_u (i32.add (local.get $p) (local.get $length)) (local.get $lineEnd)))
            (local.set $offset (i32.and (i32.sub (local.get $length) (i32.const 1)) (i32.const -16)))
            (loop $shapeWindow
              (local.set $bytes (v128.load (i32.add (local.get $p) (local.get $offset))))
              (br_if $other (i32.eqz (i8x16.all_true
                (v128.or
                  (v128.bitselect
                    (i8x16.lt_u (i8x16.sub (local.get $bytes) (i8x16.splat (i32.const 0x30))) (i8x16.splat (i32.const 10)))
                    (i8x16.eq (local.get $bytes) (v128.load offset=256 (i32.add (local.get $shapeAt) (local.get $offset))))
                    (v128.load offset=512 (i32.add (local.get $shapeAt) (local.get $offset))))
                  (v128.not (v128.load offset=768 (i32.add (local.get $shapeAt) (local.get $offset))))))))
              (local.set $offset (i32.sub (local.get $offset) (i32.const 16)))
              (br_if $shapeWindow (i32.ge_s (local.get $offset) (i32.const 0))))
            (local.set $q (i32.add (local.get $p) (local.get $length)))
            (br $shaped))
          (local.set $s (i32.add (local.get $s) (i32.const 1)))
          (br $shape)))
      (if (local.get $q)
        (then
          ;; `Event: ==` is read: more `=`, then the quote that opens the name.
          (loop $equals
            (if (i32.eq (i32.load8_u (local.get $q)) (i32.const 0x3d))
              (then (local.set $q (i32.add (local.get $q) (i32.const 1))) (br $equals))))
          (if (i32.ne (i32.load8_u (local.get $q)) (i32.const 0x27)) (then (br $stop (i32.const 1))))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (local.set $nameEnd (call $nameEndFrom (local.get $q) (local.get $lineEnd)))
          (if (i32.lt_s (local.get $nameEnd) (i32.const 0)) (then (br $stop (i32.const 1))))
          ;; The name's entry, if it has one (see slotOf).
          (local.set $id (i32.load (i32.add (global.get $SLOTS) (i32.shl (call $slotOf (local.get $q) (i32.sub (local.get $nameEnd) (local.get $q))) (i32.const 2)))))
          (if (i32.eqz (local.get $id))
            (then
              (global.set $nameStart (local.get $q))
              (global.set $nameEnd (local.get $nameEnd))
              (global.set $shape (local.get $s))
              (br $stop (i32.const 2))))
          (local.set $id (i32.load offset=12 (i32.add (global.get $ENTRIES) (i32.shl (i32.sub (local.get $id) (i32.const 1)) (i32.const 6)))))
          (local.set $key (i32.or (i32.shl (local.get $id) (i32.const 3)) (local.get $s)))
          (local.set $tallyAt (i32.add (global.get $TALLY) (i32.shl (local.get $key) (i32.const 2))))
          ;; A key past TALLY (ids are the parser's, for names it read itself too) is always recorded.
          (local.set $tally (i32.const 0))
          (if (i32.lt_u (local.get $key) (global.get $MAX_KEYS)) (then (local.set $tally (i32.load (local.get $tallyAt)))))
          (if (local.get $tally)
            (then
              ;; Counted here: the key is listed when its first post since the parser took them is.
              (if (i32.eq (local.get $tally) (i32.const 1))
                (then
                  (if (i32.ge_u (local.get $counted) (global.get $MAX_COUNTED)) (then (br $stop (i32.const 3))))
                  (i32.store (i32.add (global.get $COUNTED) (i32.shl (local.get $counted) (i32.const 2))) (local.get $key))
                  (local.set $counted (i32.add (local.get $counted) (i32.const 1)))))
              (i32.store (local.get $tallyAt) (i32.add (local.get $tally) (i32.const 1))))
            (else
              (if (i32.ge_u (local.get $records) (global.get $MAX_RECORDS)) (then (br $stop (i32.const 3))))
              (i32.store (i32.add (global.get $RECORDS) (i32.shl (local.get $records) (i32.const 2))) (local.get $key))
              (local.set $records (i32.add (local.get $records) (i32.const 1))))))
        (else
          ;; A marker in the line (see MARKERS)? Candidates are found 16 positions at a time by
          ;; their first two bytes, as the Teddy algorithm does: each byte's low and high nibble
          ;; look up, in tables of 16 bytes, the markers whose first (second) byte has that
          ;; nibble, a bit per marker; a position where a marker's bit survives the four lookups
          ;; starts with its two bytes, and is then compared with the marker whole (markerIn).
          (local.set $q (local.get $p))
          (loop $markerWindow
            (if (i32.lt_u (local.get $q) (local.get $newline))
              (then
                (local.set $bytes (v128.load (local.get $q)))
                (local.set $next (v128.load offset=1 (local.get $q)))
                (local.set $hit (v128.and
                  (v128.and
                    (i8x16.swizzle (local.get $firstLow) (v128.and (local.get $bytes) (i8x16.splat (i32.const 15))))
                    (i8x16.swizzle (local.get $firstHigh) (i8x16.shr_u (local.get $bytes) (i32.const 4))))
                  (v128.and
                    (i8x16.swizzle (local.get $secondLow) (v128.and (local.get $next) (i8x16.splat (i32.const 15))))
                    (i8x16.swizzle (local.get $secondHigh) (i8x16.shr_u (local.get $next) (i32.const 4))))))
                (if (v128.any_true (local.get $hit))
                  (then
                    (if (call $markerIn (local.get $hit) (local.get $q) (local.get $newline))
                      (then (br $stop (i32.const 1))))))
                (local.set $q (i32.add (local.get $q) (i32.const 16)))
                (br $markerWindow))))))
      (local.set $lines (i32.add (local.get $lines) (i32.const 1)))
      (local.set $p (i32.add (local.get $newline) (i32.const 1)))
      (br $line))
    (unreachable))
    ;; The line at $p is not read: why is on the stack.
    (global.set $at (local.get $p))
    (global.set $lineEnd (local.get $newline))
    (global.set $lines (local.get $lines))
    (global.set $records (local.get $records))
    (global.set $counted (local.get $counted)))

  ;; Whether a marker starts at one of the 16 positions from $q whose bytes in $hit are not zero
  ;; (the markers that may start there, a bit each), and ends by $end.
  (func $markerIn (param $hit v128) (param $q i32) (param $end i32) (result i32)
    (local $candidates i32) (local $markers i32) (local $at i32)
    (local.set $candidates (i8x16.bitmask (i8x16.ne (local.get $hit) (v128.const i64x2 0 0))))
    (v128.store offset=64 (global.get $MARKERS) (local.get $hit))
    (loop $candidate
      (local.set $at (i32.ctz (local.get $candidates)))
      (local.set $markers (i32.load8_u offset=64 (i32.add (global.get $MARKERS) (local.get $at))))
      (local.set $at (i32.add (local.get $q) (local.get $at)))
      (loop $marker
        (if (call $markerAt (i32.ctz (local.get $markers)) (local.get $at) (local.get $end)) (then (return (i32.const 1))))
        (local.set $markers (i32.and (local.get $markers) (i32.sub (local.get $markers) (i32.const 1))))
        (br_if $marker (local.get $markers)))
      (local.set $candidates (i32.and (local.get $candidates) (i32.sub (local.get $candidates) (i32.const 1))))
      (br_if $candidate (local.get $candidates)))
    (i32.const 0))
)
