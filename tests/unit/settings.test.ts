import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onlySelected } from '../../src/index';

const items = [{ name: '8 Gaussians' }, { name: '25 Gaussians' }, { name: 'Swiss roll' }];

test('onlySelected: unset or blank keeps every item', () => {
  assert.deepEqual(onlySelected(items, undefined), items);
  assert.deepEqual(onlySelected(items, ' , '), items);
});

test('onlySelected: name fragments, case-insensitive, comma-separated', () => {
  assert.deepEqual(onlySelected(items, '25').map((i) => i.name), ['25 Gaussians']);
  assert.deepEqual(onlySelected(items, 'SWISS, 8 gauss').map((i) => i.name), ['8 Gaussians', 'Swiss roll']);
  assert.deepEqual(onlySelected(items, 'gaussians').map((i) => i.name), ['8 Gaussians', '25 Gaussians']);
});

test('onlySelected: a fragment that matches nothing names the choices', () => {
  assert.throws(() => onlySelected(items, 'mnist'), /WGAN_LAB_ONLY="mnist" matches none of "8 Gaussians", "25 Gaussians", "Swiss roll"/);
});
