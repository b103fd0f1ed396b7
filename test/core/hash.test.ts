import { expect } from '@open-wc/testing';
import { textVersion } from '../../src/core/hash.js';
import { newSubjectId, SUBJECT_ID } from '../../src/core/subject.js';

describe('textVersion', () => {
  it('is stable for the same text and short enough for a cookie', () => {
    const v = textVersion('Load YouTube');
    expect(v).to.equal(textVersion('Load YouTube'));
    expect(v).to.match(/^[0-9a-z]{1,11}$/);
  });

  it('changes when a single character of the text changes', () => {
    const seen = new Set(['Load YouTube', 'Load YouTubf', 'load YouTube', 'Load YouTube ', ''].map(textVersion));
    expect(seen.size).to.equal(5);
  });

  it('tells apart thousands of similar texts', () => {
    const versions = new Set(Array.from({ length: 5000 }, (_, i) => textVersion(`Always allow service ${i}`)));
    expect(versions.size).to.equal(5000);
  });
});

describe('newSubjectId', () => {
  it('is random: 32 base-36 characters, never the same twice', () => {
    const ids = new Set(Array.from({ length: 1000 }, newSubjectId));
    expect(ids.size).to.equal(1000);
    for (const id of ids) expect(id).to.match(SUBJECT_ID);
  });
});
