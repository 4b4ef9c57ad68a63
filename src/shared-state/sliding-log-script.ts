import { luaScript } from './lua-script';

/**
 * MemoryRateBudget.reserve as one atomic script over a sorted set of booked start times (score = start in ms).
 *
 * KEYS[1] the log; ARGV: maxWaitMs ('inf' = no limit), count, a unique id for the members, then limit and windowMs
 * of every window. The clock is the server's (TIME), so replicas whose clocks disagree still share one timeline.
 * Returns { waitMs, booked (1/0), now } with now the server time in ms the wait counts from.
 */
export const SLIDING_LOG = luaScript(`
local key = KEYS[1]
local unlimited = ARGV[1] == 'inf'
local maxWait = tonumber(ARGV[1])
local count = tonumber(ARGV[2])
local id = ARGV[3]
local windows = {}
local longest = 0
for i = 4, #ARGV, 2 do
  local w = { limit = tonumber(ARGV[i]), ms = tonumber(ARGV[i + 1]) }
  windows[#windows + 1] = w
  if w.ms > longest then longest = w.ms end
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if #windows == 0 then return { 0, 1, now } end

redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%d', now - longest))

-- Slots are handed out in order (never before the last one booked), so only the windows ending at the new slot
-- need checking; every booking in such a window is later than its start.
local start = now
local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
if last[2] and tonumber(last[2]) > start then start = tonumber(last[2]) end
local changed = true
while changed do
  changed = false
  for _, w in ipairs(windows) do
    local from = string.format('(%d', start - w.ms)
    local inWindow = redis.call('ZCOUNT', key, from, '+inf')
    local need = math.min(count, w.limit)
    if inWindow + need > w.limit then
      local hit = redis.call('ZRANGEBYSCORE', key, from, '+inf', 'WITHSCORES', 'LIMIT', inWindow - (w.limit - need) - 1, 1)
      start = tonumber(hit[2]) + w.ms
      changed = true
    end
  end
end

local waitMs = start - now
if not unlimited and waitMs > maxWait then return { waitMs, 0, now } end
local score = string.format('%d', start)
for i = 1, count do
  redis.call('ZADD', key, score, score .. ':' .. id .. ':' .. i)
end
redis.call('PEXPIRE', key, string.format('%d', waitMs + longest))
return { waitMs, 1, now }
`);
