import { mount } from 'svelte';
import App from './App.svelte';
import { pickHost } from './host';

mount(App, { target: document.getElementById('app')!, props: { host: pickHost() } });
