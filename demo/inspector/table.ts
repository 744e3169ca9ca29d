// A sortable, filterable table capped at the rows the inspector fetched. Rows are rebuilt from
// data on each render (≤ a few hundred), with text set through textContent (keys are user data).

export interface Column<T> {
  id: string;
  label: string;
  /** Sort value. */
  sort: (row: T, now: number) => number | string;
  text: (row: T, now: number) => string;
  numeric?: boolean;
  /** Extra class for the cell (e.g. a reason badge). */
  cellClass?: (row: T) => string | undefined;
  title?: (row: T) => string | undefined;
}

export interface TableOptions<T> {
  caption: string;
  columns: Column<T>[];
  key: (row: T) => string;
  /** Text for the key filter; rows are matched on `filterText(row)`. */
  filterText: (row: T) => string;
  initialSort?: { column: string; descending: boolean };
  empty: string;
  testId: string;
  /** Rows become focusable; click, Enter or Space selects one. */
  onSelect?: (row: T) => void;
}

export class EntryTable<T> {
  readonly element: HTMLElement;
  #options: TableOptions<T>;
  #rows: T[] = [];
  #total = 0;
  #filter = '';
  #sort: { column: string; descending: boolean } | undefined;
  #tbody: HTMLTableSectionElement;
  #footer: HTMLElement;
  #headers = new Map<string, HTMLButtonElement>();
  #selected: string | undefined;

  constructor(options: TableOptions<T>) {
    this.#options = options;
    this.#sort = options.initialSort;
    this.element = document.createElement('div');
    this.element.className = 'tci-table-wrap';
    const table = document.createElement('table');
    table.className = 'tci-table';
    table.dataset.testid = options.testId;
    const caption = document.createElement('caption');
    caption.className = 'tci-sr';
    caption.textContent = options.caption;
    const thead = table.createTHead();
    const head = thead.insertRow();
    for (const column of options.columns) {
      const th = document.createElement('th');
      th.scope = 'col';
      if (column.numeric) th.className = 'num';
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = column.label;
      button.title = `Sort by ${column.label.toLowerCase()}`;
      button.addEventListener('click', () => {
        const descending = this.#sort?.column === column.id ? !this.#sort.descending : !!column.numeric;
        this.#sort = { column: column.id, descending };
        this.render();
      });
      th.append(button);
      head.append(th);
      this.#headers.set(column.id, button);
    }
    this.#tbody = table.createTBody();
    table.prepend(caption);
    const scroller = document.createElement('div');
    scroller.className = 'tci-scroll';
    scroller.tabIndex = 0;
    scroller.setAttribute('role', 'region');
    scroller.setAttribute('aria-label', options.caption);
    scroller.append(table);
    this.#footer = document.createElement('p');
    this.#footer.className = 'tci-foot';
    this.element.append(scroller, this.#footer);
  }

  /** `total` is how many rows exist in the tier (the fetched `rows` may be capped). */
  setRows(rows: T[], total: number): void {
    this.#rows = rows;
    this.#total = Math.max(total, rows.length);
  }

  /** Forgets the selection (the details panel was closed). */
  clearSelection(): void {
    this.#selected = undefined;
  }

  setFilter(text: string): void {
    this.#filter = text.trim().toLowerCase();
  }

  render(now = Date.now()): void {
    const { columns, filterText, key, empty } = this.#options;
    let rows = this.#filter ? this.#rows.filter((r) => filterText(r).toLowerCase().includes(this.#filter)) : this.#rows.slice();
    const sort = this.#sort;
    const column = sort && columns.find((c) => c.id === sort.column);
    if (sort && column) {
      const dir = sort.descending ? -1 : 1;
      rows = rows
        .map((row) => ({ row, v: column.sort(row, now) }))
        .sort((a, b) => (a.v < b.v ? -dir : a.v > b.v ? dir : 0))
        .map((x) => x.row);
    }
    for (const [id, button] of this.#headers) {
      const th = button.parentElement!;
      if (sort?.column === id) th.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    }
    const fragment = document.createDocumentFragment();
    if (rows.length === 0) {
      const tr = document.createElement('tr');
      const td = document.createElement('td');
      td.colSpan = columns.length;
      td.className = 'tci-empty';
      td.textContent = this.#rows.length === 0 ? empty : 'No entry matches the filter.';
      tr.append(td);
      fragment.append(tr);
    }
    for (const row of rows) {
      const tr = document.createElement('tr');
      tr.dataset.key = key(row);
      if (this.#options.onSelect) {
        const select = this.#options.onSelect;
        tr.tabIndex = 0;
        tr.className = 'tci-selectable';
        if (this.#selected === key(row)) tr.setAttribute('aria-selected', 'true');
        tr.addEventListener('click', () => {
          this.#selected = key(row);
          select(row);
          this.render(now);
        });
        tr.addEventListener('keydown', (event) => {
          if (event.key !== 'Enter' && event.key !== ' ') return;
          event.preventDefault();
          this.#selected = key(row);
          select(row);
          this.render(now);
          this.#tbody.querySelector<HTMLElement>(`tr[data-key="${CSS.escape(key(row))}"]`)?.focus();
        });
      }
      for (const c of columns) {
        const td = document.createElement('td');
        td.textContent = c.text(row, now);
        const cls = [c.numeric ? 'num' : '', c.cellClass?.(row) ?? ''].filter(Boolean).join(' ');
        if (cls) td.className = cls;
        const title = c.title?.(row);
        if (title) td.title = title;
        tr.append(td);
      }
      fragment.append(tr);
    }
    this.#tbody.replaceChildren(fragment);
    const shown = rows.length;
    this.#footer.textContent =
      this.#total > this.#rows.length
        ? `Showing ${shown} of ${this.#total} (the ${this.#rows.length} most recent are fetched).`
        : this.#filter
          ? `${shown} of ${this.#rows.length} match.`
          : `${this.#rows.length} ${this.#rows.length === 1 ? 'entry' : 'entries'}.`;
  }
}
