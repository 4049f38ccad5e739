import { render } from 'preact';
import { Options } from '../../src/options/Options.tsx';
import '../../assets/ui.css';

render(<Options />, document.getElementById('app')!);
