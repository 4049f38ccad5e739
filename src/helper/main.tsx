import { render } from 'preact';
import { HelperApp } from './HelperApp.tsx';
import '../../assets/ui.css';
import './helper.css';

render(<HelperApp />, document.getElementById('app')!);
