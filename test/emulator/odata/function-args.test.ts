import { parseFunctionArgs } from '../../../emulator/odata';
import { errorOf } from './fixtures';

describe('parseFunctionArgs', () => {
  it("parses Defender's findbyip arguments", () => {
    expect(parseFunctionArgs("ip='10.248.240.38',timestamp=2019-09-22T08:44:05Z")).toEqual({
      ip: '10.248.240.38',
      timestamp: '2019-09-22T08:44:05Z',
    });
  });

  it('unescapes doubled quotes and keeps commas, parentheses and backslashes inside quotes', () => {
    expect(parseFunctionArgs("name='O''Brien',path='C:\\x,(y)'")).toEqual({ name: "O'Brien", path: 'C:\\x,(y)' });
    expect(parseFunctionArgs("a=''")).toEqual({ a: '' });
    expect(parseFunctionArgs("a=''''")).toEqual({ a: "'" });
    expect(parseFunctionArgs("a='事件 🚨'")).toEqual({ a: '事件 🚨' });
  });

  it('keeps unquoted values raw', () => {
    expect(parseFunctionArgs('n=42,flag=true,id=80fe8ff8-2624-418e-9591-41f0491218f9,t=2024-05-01T00:00:00+02:00')).toEqual({
      n: '42',
      flag: 'true',
      id: '80fe8ff8-2624-418e-9591-41f0491218f9',
      t: '2024-05-01T00:00:00+02:00',
    });
  });

  it('tolerates whitespace around names, = and commas', () => {
    expect(parseFunctionArgs(" ip = '10.0.0.1' , timestamp = 2019-09-22T08:44:05Z ")).toEqual({
      ip: '10.0.0.1',
      timestamp: '2019-09-22T08:44:05Z',
    });
  });

  it('returns no arguments for an empty list', () => {
    expect(parseFunctionArgs('')).toEqual({});
    expect(parseFunctionArgs('  ')).toEqual({});
  });

  it('stores an argument named __proto__ as an own property', () => {
    const args = parseFunctionArgs("__proto__='x'");
    expect(Object.getPrototypeOf(args)).toBe(Object.prototype);
    expect(Object.hasOwn(args, '__proto__')).toBe(true);
  });

  it.each([
    ['ip=', 3],
    ["ip='10.0.0.1", 3],
    ["='x'", 0],
    ["ip 'x'", 3],
    ["ip='a'b", 6],
    ["ip='a',", 7],
    [',', 0],
    ["ip=a'b", 4],
    ['ip=a)', 4],
    ["ip=='a'", 3],
    ["ip='a';x='b'", 6],
    ["1ip='a'", 0],
    ["ip='a' x='b'", 7],
  ])('rejects %j (position %d)', (segment, position) => {
    const err = errorOf(() => parseFunctionArgs(segment));
    expect(err.status).toBe(400);
    expect(err.code).toBe('ODataError');
    expect(err.message).toBe(`Invalid function arguments: Syntax error at position ${position} in '${segment}'.`);
  });

  it('rejects a repeated argument', () => {
    expect(errorOf(() => parseFunctionArgs("ip='a',ip='b'")).message).toBe("Duplicate function argument 'ip' in 'ip='a',ip='b''.");
  });

  it('uses the Graph error code on request', () => {
    expect(errorOf(() => parseFunctionArgs('x', 'graph')).code).toBe('BadRequest');
  });
});
