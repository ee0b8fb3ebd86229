import { describe, expect, it } from 'vitest';
import {
  imagesToReopen,
  localImageReference,
  matchImageFile,
  sha256Hex,
} from './image-references.ts';
import { testProject } from './project-test-data.test-support.ts';

describe('image references', () => {
  it('hashes bytes as SHA-256 (FIPS 180-2 test vector "abc")', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('matches a picked file by hash, not by name', async () => {
    const before = {
      name: 'before.tif',
      sizeBytes: 3,
      sha256: await sha256Hex(new TextEncoder().encode('abc')),
    };
    const project = { ...testProject(0), images: [localImageReference('before', before)] };
    expect(imagesToReopen(project).map((image) => image.role)).toEqual(['before']);
    expect(matchImageFile(project, { ...before, name: 'renamed.tif' })).toBe('before');
    expect(
      matchImageFile(project, {
        ...before,
        sha256: await sha256Hex(new TextEncoder().encode('abd')),
      }),
    ).toBeNull();
  });
});
