import { describe, expect, it } from 'vitest';
import { emptyProject, type ImageReference } from '../core/schema/project.ts';
import {
  effectiveMetadata,
  fileMetadata,
  referenceOf,
  referenceToRecord,
} from './image-metadata.ts';

const info = {
  acquisitionDate: '2024-10-04T03:05:00Z',
  metadata: { SATELLITE: ' WorldView-3 ', TIFFTAG_COPYRIGHT: 'Example Corp.', CREDIT: '' },
};

const reference = (metadata: ImageReference['metadata']): ImageReference => ({
  role: 'after',
  name: 'after.tif',
  sizeBytes: 10,
  sha256: 'a'.repeat(64),
  url: null,
  metadata,
});

describe('image metadata', () => {
  it('reads the day, the platform and the copyright from the file', () => {
    expect(fileMetadata(info)).toEqual({
      date: '2024-10-04',
      source: 'WorldView-3',
      credit: 'Example Corp.',
    });
    expect(fileMetadata({ acquisitionDate: null, metadata: {} })).toEqual({
      date: null,
      source: '',
      credit: '',
    });
  });

  it('shows what the user set, field by field, over what the file says', () => {
    const edited = reference({ date: '2024-11-30', source: '', credit: 'Credit line' });
    expect(effectiveMetadata(info, edited)).toEqual({
      date: '2024-11-30',
      source: 'WorldView-3',
      credit: 'Credit line',
    });
    expect(effectiveMetadata(info, null)).toEqual(fileMetadata(info));
  });

  it('finds the reference of the file shown in a role, not of another file', () => {
    const project = {
      ...emptyProject('p', 'P', '2026-01-01T00:00:00Z'),
      images: [reference({ date: null, source: '', credit: '' })],
    };
    expect(referenceOf(project, 'after', { name: 'after.tif' })?.sha256).toBe('a'.repeat(64));
    expect(referenceOf(project, 'after', { name: 'other.tif' })).toBeNull();
    expect(referenceOf(project, 'before', { name: 'after.tif' })).toBeNull();
    expect(referenceOf(project, 'after', null)).toBeNull();
  });
});

describe('recording the images opened', () => {
  const edited = { date: '2024-11-30', source: 'WorldView-3', credit: 'Example Corp.' };
  const blank = { date: null, source: '', credit: '' };
  const project = {
    ...emptyProject('p', 'P', '2026-01-01T00:00:00Z'),
    images: [reference(edited)],
  };

  it('records nothing when the role already holds that file', () => {
    expect(referenceToRecord(project, reference(blank))).toBeNull();
  });

  it('keeps what was entered for a file opened again, even in the other role', () => {
    const again = { ...reference(blank), role: 'before' as const };
    expect(referenceToRecord(project, again)).toEqual({ ...again, metadata: edited });
  });

  it('starts a different file blank, matched by hash and not by name', () => {
    const other = { ...reference(blank), sha256: 'b'.repeat(64) };
    expect(referenceToRecord(project, other)).toEqual(other);
    const byUrl = { ...reference(blank), sha256: null, url: 'https://example.org/after.tif' };
    expect(referenceToRecord(project, byUrl)?.metadata).toEqual(blank);
  });
});
