const ini = require('../lib/ini');

describe('decode', () => {
  test('reads sections and keys', () => {
    expect(ini.decode('name=app\n[db]\nhost=localhost\nport=5432\n')).toEqual({ name: 'app', db: { host: 'localhost', port: '5432' } });
  });

  test('nests dotted sections', () => {
    const config = ini.decode('[server.http]\nport=80\n[server.https]\nport=443\n');
    expect(config.server.http.port).toBe('80');
    expect(config.server.https.port).toBe('443');
  });

  test('keeps an escaped dot', () => {
    expect(Object.keys(ini.decode('[example\\.com]\nip=1.2.3.4\n'))).toEqual(['example.com']);
  });

  test('collects arrays', () => {
    expect(ini.decode('tag[]=a\ntag[]=b\n').tag).toEqual(['a', 'b']);
  });
});

describe('encode', () => {
  test('writes nested sections with dotted names', () => {
    expect(ini.encode({ server: { http: { port: 80 } } })).toBe('[server.http]\nport=80\n');
  });
});
