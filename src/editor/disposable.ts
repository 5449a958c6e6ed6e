import type * as vscode from 'vscode';

/**
 * Owns what it registers: listeners, emitters, watchers and items are disposed with it, the last
 * registered first (what came later may lean on what came before). Something registered after the
 * owner was disposed is disposed at once, so a late listener cannot outlive it.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private isDisposed = false;

  /** True once {@link dispose} ran: work that finishes later must not publish its result. */
  protected get disposed(): boolean {
    return this.isDisposed;
  }

  protected register<T extends vscode.Disposable>(value: T): T {
    if (this.isDisposed) {
      value.dispose();
    } else {
      this.owned.push(value);
    }
    return value;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.isDisposed = true;
    disposeAll(this.owned);
  }
}

/** Disposes every item of `disposables`, the last first, and leaves the list empty. */
export function disposeAll(disposables: vscode.Disposable[]): void {
  for (let item = disposables.pop(); item !== undefined; item = disposables.pop()) {
    item.dispose();
  }
}
