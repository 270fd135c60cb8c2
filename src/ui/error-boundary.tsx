import { Component, type ComponentChildren } from 'preact';
import { errorText } from './i18n';

/** A rendering bug shows a message instead of a blank popup. */
export class ErrorBoundary extends Component<{ children: ComponentChildren }, { error?: string }> {
  override state: { error?: string } = {};
  override componentDidCatch(err: unknown): void {
    this.setState({ error: errorText(err) });
  }
  override render() {
    if (this.state.error) {
      return (
        <p role="alert" class="error">
          Something went wrong showing this page: {this.state.error}
        </p>
      );
    }
    return this.props.children;
  }
}
