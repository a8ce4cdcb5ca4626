import { mount } from 'svelte';
import { pickHost } from './host';
import Studio from './studio/Studio.svelte';

mount(Studio, { target: document.getElementById('app')!, props: { host: pickHost() } });
