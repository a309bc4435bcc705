import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { releaseInit } from '../src/lib/release-init.ts';
import { sdkForPlatform, usesSourceMaps } from '../src/lib/sdk-for-platform.ts';

describe('sdkForPlatform (which SDK a project platform means)', () => {
  it("maps Sentry's platform ids, Node.js when unknown", () => {
    const got = ['python-django', 'go', 'java-spring-boot', 'csharp', 'php-laravel', 'ruby-rails', 'javascript-react', 'javascript-nextjs', 'node', null, 'elixir'].map(sdkForPlatform);
    assert.deepEqual(got, ['python', 'go', 'java', 'dotnet', 'php', 'ruby', 'browser', 'nextjs', 'node', 'node', 'node']);
  });
  it('asks for source maps only for the JavaScript SDKs', () => {
    assert.deepEqual(['node', 'browser', 'nextjs', 'python', 'go', 'curl'].map((s) => usesSourceMaps(s as never)), [true, true, true, false, false, false]);
  });
});

describe('releaseInit (how an SDK names a release)', () => {
  it("writes the release in each SDK's own option and quoting", () => {
    assert.match(releaseInit('python', 'api@1.2').code, /^ {4}release="api@1\.2",$/m);
    assert.match(releaseInit('go', 'api@1.2').code, /^\tRelease: "api@1\.2",$/m);
    assert.match(releaseInit('java', 'api@1.2').code, /options\.setRelease\("api@1\.2"\);/);
    assert.match(releaseInit('dotnet', 'api@1.2').code, /o\.Release = "api@1\.2";/);
    assert.match(releaseInit('php', "it's@1").code, /'release' => 'it\\'s@1',/);
    assert.match(releaseInit('ruby', 'api@1.2').code, /config\.release = 'api@1\.2'/);
    assert.match(releaseInit('node', 'api@1.2').code, /release: "api@1\.2",/);
  });
  it('says when an SDK sends no sessions at all', () => {
    assert.match(releaseInit('go', 'x').sessions, /sends no sessions/);
    assert.match(releaseInit('php', 'x').sessions, /sends no sessions/);
    assert.match(releaseInit('browser', 'x').sessions, /browserSession/);
  });
});
