// Progressive enhancement of the LifeCircle pages, which render on the server. This file
// applies the text size at once and posts booking and price commands to the JSON API with the
// sign-in cookie. It shows the API's problem details next to the fields and keeps an open
// booking page up to date. The API is the only place where booking rules live.
'use strict';

(() => {
    const finalStatuses = ['Settled', 'Cancelled', 'Declined', 'Expired', 'NoShow'];
    const refreshInterval = 3000;
    const flashKey = 'lc-flash';

    // ----- Text size -----------------------------------------------------------------

    function initFontSize() {
        const form = document.querySelector('[data-font-size-form]');
        if (!form) {
            return;
        }

        // Without this the choice would still work, through a page reload that loses typed input.
        form.addEventListener('submit', event => {
            const size = event.submitter?.value;
            if (!size) {
                return;
            }

            event.preventDefault();
            document.documentElement.dataset.fontSize = size;
            document.cookie = `lc-font-size=${size}; path=/; max-age=31536000; samesite=lax`;
            form.querySelectorAll('button[name="size"]').forEach(button =>
                button.setAttribute('aria-pressed', String(button.value === size)));
        });
    }

    // ----- JSON API ------------------------------------------------------------------

    /**
     * Calls the API with the sign-in cookie and returns { ok, status, data } on success or
     * { ok: false, status, problem } with RFC 9457 problem details on failure.
     */
    async function api(method, url, body, headers = {}) {
        const init = {
            method,
            credentials: 'same-origin',
            headers: { Accept: 'application/json', 'Accept-Language': 'zh-CN', ...headers }
        };
        // The API checks this token on cookie-authenticated changes, so other sites cannot post as the user.
        const token = document.querySelector('meta[name="request-verification-token"]')?.content;
        if (token && method !== 'GET') {
            init.headers.RequestVerificationToken = token;
        }
        if (body !== undefined) {
            init.headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(body);
        }

        let response;
        try {
            response = await fetch(url, init);
        } catch {
            return { ok: false, status: 0, problem: { detail: '网络连接失败，请检查网络后重试。' } };
        }

        let data = null;
        if ((response.headers.get('Content-Type') || '').includes('json')) {
            try {
                data = await response.json();
            } catch {
                data = null;
            }
        }

        return response.ok
            ? { ok: true, status: response.status, data }
            : { ok: false, status: response.status, problem: problemOf(response.status, data) };
    }

    function problemOf(status, data) {
        if (status === 401) {
            return { detail: '登录已过期，请重新登录后再操作。', signIn: true };
        }

        const problem = data && typeof data === 'object' ? data : {};
        // An unreadable value (such as an empty number) comes back as one JSON path in "field".
        if (!problem.errors && typeof problem.field === 'string') {
            problem.errors = { [problem.field.replace(/^\$\.?/, '')]: ['这一项没有填写或格式不对，请检查。'] };
        }

        if (!problem.detail) {
            problem.detail = `操作没有成功（错误码 ${status}），请稍后重试。`;
        }

        return problem;
    }

    /** Returns a fresh Idempotency-Key, with getRandomValues where randomUUID is missing because the page is not a secure context. */
    function newIdempotencyKey() {
        if (crypto.randomUUID) {
            return crypto.randomUUID();
        }

        const bytes = crypto.getRandomValues(new Uint8Array(16));
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        const hex = [...bytes].map(b => b.toString(16).padStart(2, '0')).join('');
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }

    // ----- Problem details next to the fields ----------------------------------------

    function clearProblems(scope) {
        scope.querySelectorAll('[data-error-for]').forEach(slot => {
            slot.hidden = true;
            slot.textContent = '';
        });
        scope.querySelectorAll('[aria-invalid]').forEach(input => input.removeAttribute('aria-invalid'));
        const summary = scope.querySelector('[data-form-error]');
        if (summary) {
            summary.hidden = true;
            summary.textContent = '';
        }
    }

    /**
     * Finds the message slot of an API field path such as "repair.item" or
     * "charges[0].quantity", falling back to the enclosing path ("charges[0]", "charges").
     */
    function slotFor(slots, field) {
        let path = field.toLowerCase();
        while (path) {
            if (slots.has(path)) {
                return slots.get(path);
            }

            const stripped = path.replace(/\[\d+\]$/, '');
            path = stripped !== path ? stripped : path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
        }

        return null;
    }

    function inputFor(scope, slot) {
        return scope.querySelector(`[aria-describedby~="${slot.id}"]`)
            || slot.closest('.field, .charge-row, fieldset')?.querySelector('input, select, textarea');
    }

    function showProblem(scope, problem) {
        clearProblems(scope);
        const slots = new Map();
        scope.querySelectorAll('[data-error-for]').forEach(slot => slots.set(slot.dataset.errorFor.toLowerCase(), slot));

        const unplaced = [];
        let firstInvalid = null;
        for (const [field, messages] of Object.entries(problem.errors || {})) {
            const text = [].concat(messages).join(' ');
            const slot = slotFor(slots, field);
            if (!slot) {
                unplaced.push(text);
                continue;
            }

            slot.textContent = slot.hidden ? text : `${slot.textContent} ${text}`;
            slot.hidden = false;
            const input = inputFor(scope, slot);
            input?.setAttribute('aria-invalid', 'true');
            firstInvalid ??= input || slot;
        }

        // The detail of a validation problem lists JSON paths, so the messages beside the fields explain it better.
        const summaryText = firstInvalid && unplaced.length === 0
            ? '有填写不正确的地方，请按红色提示修改后再提交。'
            : [problem.detail, ...unplaced].join(' ');
        const summary = scope.querySelector('[data-form-error]');
        if (summary) {
            summary.textContent = summaryText;
            if (problem.signIn) {
                const link = document.createElement('a');
                link.href = `/login?ReturnUrl=${encodeURIComponent(location.pathname + location.search)}`;
                link.textContent = '重新登录';
                summary.append(' ', link);
            }

            summary.hidden = false;
        }

        (firstInvalid && typeof firstInvalid.focus === 'function' && firstInvalid.matches('input, select, textarea')
            ? firstInvalid
            : summary)?.focus();
    }

    // ----- Messages that survive a reload --------------------------------------------

    function flashAfterReload(message) {
        sessionStorage.setItem(flashKey, message);
    }

    function showFlash() {
        const message = sessionStorage.getItem(flashKey);
        const slot = document.querySelector('[data-flash]');
        if (!message || !slot) {
            return;
        }

        sessionStorage.removeItem(flashKey);
        slot.textContent = message;
        slot.hidden = false;
    }

    /**
     * Disables a button while its request runs, so a double click sends one request. The
     * button stays disabled when the work returns true, because the page is then navigating away.
     */
    async function whileBusy(button, busyText, work) {
        if (!button || button.disabled) {
            return;
        }

        const text = button.textContent;
        button.disabled = true;
        button.textContent = busyText;
        let leaving = false;
        try {
            leaving = (await work()) === true;
        } finally {
            if (!leaving) {
                button.disabled = false;
                button.textContent = text;
            }
        }
    }

    /** Returns an offset date-time in Asia/Shanghai (UTC+8, no daylight saving) for a local date and time. */
    function shanghaiTime(date, time) {
        if (!date || !time) {
            return null;
        }

        return `${date}T${time.length === 5 ? `${time}:00` : time}+08:00`;
    }

    // ----- Booking form (/book) ------------------------------------------------------

    function initBookingForm(form) {
        const idempotencyKey = newIdempotencyKey();
        const field = id => form.querySelector(`#${id}`);
        const text = id => field(id)?.value.trim() ?? '';
        const number = id => (text(id) === '' ? null : Number(text(id)));
        const checked = name => form.querySelector(`input[name="${name}"]:checked`)?.value ?? null;
        const community = () => form.dataset.community || field('community-code')?.value || '';
        let providerRequest = 0;

        function showSections() {
            const service = checked('service');
            form.querySelectorAll('[data-service-section]').forEach(section => {
                section.hidden = section.dataset.serviceSection !== service;
            });
            form.querySelector('[data-window-section]').hidden = service === 'Meal';
            const basis = checked('hk-basis');
            form.querySelectorAll('[data-basis]').forEach(part => {
                part.hidden = part.dataset.basis !== basis;
            });
        }

        async function loadProviders() {
            const service = checked('service');
            const list = form.querySelector('[data-provider-list]');
            const request = ++providerRequest;
            const query = new URLSearchParams({ service });
            if (community()) {
                query.set('community', community());
            }

            const result = await api('GET', `/api/providers?${query}`);
            if (request !== providerRequest) {
                return;
            }

            const previous = checked('providerId');
            const keepsPrevious = result.ok && result.data.some(provider => provider.id === previous);
            list.replaceChildren(providerChoice('', '不指定服务商', !keepsPrevious));
            if (!result.ok) {
                list.append(paragraph('hint', '暂时无法读取服务商列表，可以不指定服务商直接下单。'));
                return;
            }

            for (const provider of result.data) {
                const option = document.createElement('div');
                option.className = 'provider-option';
                option.dataset.provider = provider.id;
                option.append(providerChoice(provider.id, provider.name, provider.id === previous));
                option.append(priceTable(provider, provider.priceCard.filter(item => item.service === service)));
                option.append(paragraph('estimate', ''));
                list.append(option);
            }

            if (result.data.length === 0) {
                list.append(paragraph('hint', '附近暂时没有提供该服务的服务商。'));
            }
        }

        function providerChoice(value, label, isChecked) {
            const wrapper = document.createElement('label');
            wrapper.className = 'choice';
            const input = document.createElement('input');
            input.type = 'radio';
            input.name = 'providerId';
            input.value = value;
            input.checked = isChecked;
            wrapper.append(input, ` ${label}`);
            return wrapper;
        }

        // The quantities typed into a provider's price card become the quote of the booking.
        function priceTable(provider, items) {
            const table = document.createElement('table');
            table.className = 'table table-cards';
            const caption = table.createCaption();
            caption.textContent = `${provider.name}的价目表`;
            const head = table.createTHead().insertRow();
            const labels = ['服务项目', '服务内容', '计价单位', '价格', '数量（可不填）'];
            for (const label of labels) {
                const cell = document.createElement('th');
                cell.scope = 'col';
                cell.textContent = label;
                head.append(cell);
            }

            const body = table.createTBody();
            for (const item of items) {
                const row = body.insertRow();
                [item.name, item.includes, item.unit, `¥${Number(item.price).toFixed(2)}`].forEach((value, index) => {
                    const cell = row.insertCell();
                    cell.dataset.label = labels[index];
                    cell.textContent = value;
                });

                const cell = row.insertCell();
                cell.dataset.label = labels[4];
                const label = document.createElement('label');
                const hidden = document.createElement('span');
                hidden.className = 'visually-hidden';
                hidden.textContent = `${item.name}的数量`;
                const quantity = document.createElement('input');
                quantity.type = 'number';
                quantity.inputMode = 'decimal';
                quantity.min = '0';
                quantity.max = '1000';
                quantity.step = 'any';
                quantity.className = 'quantity';
                quantity.dataset.itemCode = item.code;
                quantity.dataset.price = item.price;
                label.append(hidden, quantity);
                cell.append(label);
            }

            return table;
        }

        function chosenItems() {
            const option = form.querySelector(`[data-provider="${CSS.escape(checked('providerId') || '')}"]`);
            if (!option) {
                return [];
            }

            return [...option.querySelectorAll('input.quantity')]
                .filter(input => Number(input.value) > 0)
                .map(input => ({ code: input.dataset.itemCode, quantity: Number(input.value) }));
        }

        function showEstimates() {
            form.querySelectorAll('[data-provider]').forEach(option => {
                const estimate = option.querySelector('.estimate');
                const chosen = option.dataset.provider === checked('providerId');
                const total = [...option.querySelectorAll('input.quantity')]
                    .reduce((sum, input) => sum + Math.round(Number(input.dataset.price) * (Number(input.value) || 0) * 100) / 100, 0);
                estimate.textContent = chosen && total > 0 ? `按价目表预估：¥${total.toFixed(2)}（按小时计价的以实际时长为准）` : '';
            });
        }

        async function searchCommunities(button) {
            const select = field('community-code');
            const result = await api('GET', `/api/communities?${new URLSearchParams({ q: text('community-search') })}`);
            select.replaceChildren(new Option(result.ok && result.data.length ? '请选择社区' : '没有找到，请换个名称再查', ''));
            if (result.ok) {
                for (const division of result.data) {
                    select.append(new Option(`${division.name}（${division.id}）`, division.id));
                }
            }

            button.focus();
        }

        function bookingBody() {
            const service = checked('service');
            const body = { service };
            if (checked('providerId')) {
                body.providerId = checked('providerId');
                const items = chosenItems();
                if (items.length > 0) {
                    body.items = items;
                }
            }

            if (!form.dataset.community && text('community-code')) {
                body.communityCode = text('community-code');
            }

            if (service !== 'Meal') {
                body.windowStart = shanghaiTime(text('window-date'), text('window-start'));
                body.windowEnd = shanghaiTime(text('window-date'), text('window-end'));
            }

            if (service === 'Housekeeping') {
                const byHours = checked('hk-basis') !== 'area';
                body.housekeeping = {
                    task: text('hk-task'),
                    hours: byHours ? number('hk-hours') : null,
                    areaSquareMetres: byHours ? null : number('hk-area'),
                    homeSize: text('hk-home-size')
                };
            } else if (service === 'Repair') {
                body.repair = {
                    category: text('repair-category'),
                    item: text('repair-item'),
                    symptom: text('repair-symptom'),
                    partsMayBeNeeded: field('repair-parts').checked
                };
            } else if (service === 'Meal') {
                body.meal = {
                    meal: checked('meal-kind'),
                    date: text('meal-date') || null,
                    portions: number('meal-portions'),
                    diet: [...form.querySelectorAll('input[name="meal-diet"]:checked')].map(input => input.value),
                    fulfilment: checked('meal-fulfilment')
                };
            } else if (service === 'Bathing') {
                body.bathing = { mode: checked('bathing-mode'), mobility: checked('bathing-mobility') };
            }

            return body;
        }

        // Typing a quantity into a provider's price card chooses that provider.
        form.addEventListener('input', event => {
            if (event.target.matches('input.quantity')) {
                const option = event.target.closest('[data-provider]');
                option.querySelector('input[name="providerId"]').checked = true;
                showEstimates();
            }
        });

        form.addEventListener('change', event => {
            if (event.target.name === 'providerId') {
                showEstimates();
            } else if (event.target.name === 'service') {
                showSections();
                loadProviders();
            } else if (event.target.name === 'hk-basis') {
                showSections();
            } else if (event.target.id === 'community-code') {
                loadProviders();
            }
        });

        form.querySelector('[data-community-search]')?.addEventListener('click', event => searchCommunities(event.currentTarget));

        form.addEventListener('submit', event => {
            event.preventDefault();
            whileBusy(form.querySelector('[data-submit]'), '正在提交…', async () => {
                // The same key on every attempt from this page view makes a repeated submit book once.
                const result = await api('POST', '/api/bookings', bookingBody(), { 'Idempotency-Key': idempotencyKey });
                if (result.ok) {
                    flashAfterReload(`下单成功，订单号 ${result.data.number}。`);
                    location.assign(`/bookings/${result.data.id}`);
                    return true;
                }

                showProblem(form, result.problem);
                return false;
            });
        });

        showSections();
        loadProviders();
    }

    function paragraph(className, text) {
        const element = document.createElement('p');
        element.className = className;
        element.textContent = text;
        return element;
    }

    // ----- Booking page (/bookings/{id}) ---------------------------------------------

    function initBookingPage(article) {
        const id = article.dataset.booking;
        const badge = article.querySelector('[data-testid="booking-status"]');
        let status = article.dataset.status;
        let steps = Number(article.dataset.steps);

        // Re-reads the server-rendered parts, so the page has one renderer for details, bill and history.
        async function refreshRegions() {
            try {
                const response = await fetch(location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
                if (!response.ok) {
                    return;
                }

                const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
                article.querySelectorAll('[data-refresh][id]').forEach(region => {
                    const replacement = fresh.getElementById(region.id);
                    if (replacement) {
                        region.replaceWith(document.importNode(replacement, true));
                    }
                });
            } catch {
                // The badge already shows the new status; the details follow on the next change.
            }
        }

        async function poll() {
            if (!document.hidden) {
                const result = await api('GET', `/api/bookings/${id}`);
                if (!result.ok && (result.status === 401 || result.status === 404)) {
                    return;
                }

                if (result.ok) {
                    const booking = result.data.booking;
                    if (booking.status !== status || booking.history.length !== steps) {
                        status = booking.status;
                        steps = booking.history.length;
                        article.dataset.status = status;
                        badge.textContent = result.data.statusText;
                        badge.className = `badge status-${status.toLowerCase()}`;
                        await refreshRegions();
                    }
                }
            }

            if (!finalStatuses.includes(status)) {
                setTimeout(poll, refreshInterval);
            }
        }

        if (!finalStatuses.includes(status)) {
            setTimeout(poll, refreshInterval);
        }

        // Delegated, because refreshRegions replaces the forms.
        article.addEventListener('submit', event => {
            const form = event.target;
            if (form.matches('[data-cancel-form]')) {
                event.preventDefault();
                whileBusy(form.querySelector('button[type="submit"]'), '正在取消…', () =>
                    send(form, `/api/bookings/${id}/cancel`, { reason: form.querySelector('#cancel-reason').value.trim() }, '订单已取消。'));
            } else if (form.matches('[data-reschedule-form]')) {
                event.preventDefault();
                whileBusy(form.querySelector('button[type="submit"]'), '正在改约…', () =>
                    send(form, `/api/bookings/${id}/reschedule`, rescheduleBody(form), '已改约。'));
            }
        });
    }

    function rescheduleBody(form) {
        const value = selector => form.querySelector(selector)?.value.trim() ?? '';
        const reason = value('#reschedule-reason') || null;
        if (form.dataset.meal === 'true') {
            return {
                mealDate: value('#reschedule-meal-date') || null,
                meal: form.querySelector('input[name="reschedule-meal"]:checked')?.value ?? null,
                reason
            };
        }

        const date = value('#reschedule-date');
        return {
            windowStart: shanghaiTime(date, value('#reschedule-start')),
            windowEnd: shanghaiTime(date, value('#reschedule-end')),
            reason
        };
    }

    /** Posts a lifecycle command. On success it reloads the page with a message and returns true, otherwise it shows the problem in scope. */
    async function send(scope, url, body, doneMessage) {
        const result = await api('POST', url, body);
        if (result.ok) {
            flashAfterReload(result.data?.changed === false ? '订单状态没有变化。' : doneMessage);
            location.reload();
            return true;
        }

        showProblem(scope, result.problem);
        return false;
    }

    // ----- Provider jobs (/provider/jobs) --------------------------------------------

    function initJob(job) {
        const id = job.dataset.job;
        const url = action => `/api/bookings/${id}/${action}`;
        const submitButton = form => form.querySelector('button[type="submit"]');

        job.querySelectorAll('[data-job-action]').forEach(button => button.addEventListener('click', () =>
            whileBusy(button, '正在处理…', () => send(job, url(button.dataset.jobAction), undefined, button.dataset.done))));

        job.querySelector('[data-decline-form]')?.addEventListener('submit', event => {
            event.preventDefault();
            const form = event.currentTarget;
            const reason = form.querySelector('input').value.trim() || null;
            whileBusy(submitButton(form), '正在处理…', () => send(job, url('decline'), { reason }, '已拒单。'));
        });

        const propose = job.querySelector('[data-propose-form]');
        if (propose) {
            const lines = initChargeEditor(propose.querySelector('[data-charge-editor]'));
            propose.addEventListener('submit', event => {
                event.preventDefault();
                const body = {
                    kind: propose.dataset.kind,
                    lines: lines(),
                    reason: propose.querySelector('[data-proposal-reason]').value.trim() || null
                };
                whileBusy(submitButton(propose), '正在提交…', () => send(job, url('charge-proposals'), body, '已提交，等待居民同意。'));
            });
        }

        const complete = job.querySelector('[data-complete-form]');
        if (complete) {
            const charges = initChargeEditor(complete.querySelector('[data-charge-editor]'));
            complete.addEventListener('submit', event => {
                event.preventDefault();
                const note = complete.querySelector('[data-complete-note]').value.trim() || null;
                whileBusy(submitButton(complete), '正在提交…', () =>
                    send(job, url('complete'), { charges: charges(), note }, '已完成服务，请收款后结算。'));
            });
        }

        job.querySelector('[data-settle-form]')?.addEventListener('submit', event => {
            event.preventDefault();
            const form = event.currentTarget;
            const method = form.querySelector('input[type="radio"]:checked')?.value ?? null;
            whileBusy(submitButton(form), '正在结算…', () =>
                send(job, url('settle'), { method, amount: Number(form.dataset.amount) }, '已结算。'));
        });
    }

    /**
     * Runs a charge line editor: rows of price card items or of lines that are not on the
     * card, with amounts and a total. Returns a function that reads the lines in the API's
     * ChargeInput shape.
     */
    function initChargeEditor(editor) {
        const rows = editor.querySelector('[data-charge-rows]');
        const field = editor.dataset.linesField;
        const money = value => `¥${value.toFixed(2)}`;

        function lineOf(row) {
            const quantity = Number(row.querySelector('[data-charge-quantity]').value);
            const line = { quantity: Number.isFinite(quantity) ? quantity : 0 };
            if (row.hasAttribute('data-free-row')) {
                const price = row.querySelector('[data-free-price]').value;
                return {
                    ...line,
                    itemCode: null,
                    item: row.querySelector('[data-free-item]').value.trim(),
                    unit: row.querySelector('[data-free-unit]').value.trim(),
                    unitPrice: price === '' ? null : Number(price)
                };
            }

            // The card sets name, unit and price, and the API reads them from the card version of the job.
            return { ...line, itemCode: row.querySelector('[data-charge-item]').value };
        }

        function priceOf(row) {
            if (row.hasAttribute('data-free-row')) {
                return { price: Number(row.querySelector('[data-free-price]').value) || 0, unit: row.querySelector('[data-free-unit]').value.trim() };
            }

            const option = row.querySelector('[data-charge-item]').selectedOptions[0];
            return { price: Number(option?.dataset.price ?? 0), unit: option?.dataset.unit ?? '' };
        }

        function update() {
            let total = 0;
            rows.querySelectorAll('[data-charge-row]').forEach((row, index) => {
                const { price, unit } = priceOf(row);
                const amount = Math.round(price * lineOf(row).quantity * 100) / 100;
                total += amount;
                row.querySelector('[data-charge-amount]').textContent = `${unit ? `每${unit} ${money(price)}，` : ''}小计 ${money(amount)}`;
                row.querySelector('[data-error-for]').dataset.errorFor = `${field}[${index}]`;
            });
            editor.querySelector('[data-charge-total]').textContent = money(total);
        }

        function addRow(template, line) {
            const fragment = editor.querySelector(template).content.cloneNode(true);
            const row = fragment.querySelector('[data-charge-row]');
            if (line) {
                row.querySelector('[data-charge-quantity]').value = line.quantity;
                if (line.itemCode) {
                    row.querySelector('[data-charge-item]').value = line.itemCode;
                } else {
                    row.querySelector('[data-free-item]').value = line.item ?? '';
                    row.querySelector('[data-free-unit]').value = line.unit ?? '';
                    row.querySelector('[data-free-price]').value = line.unitPrice ?? '';
                }
            }

            rows.append(fragment);
            update();
        }

        editor.addEventListener('input', update);
        editor.addEventListener('change', update);
        editor.querySelector('[data-charge-add]').addEventListener('click', () => addRow('[data-charge-template]'));
        editor.querySelector('[data-free-add]').addEventListener('click', () => addRow('[data-free-template]'));
        rows.addEventListener('click', event => {
            if (event.target.matches('[data-charge-remove]')) {
                event.target.closest('[data-charge-row]').remove();
                update();
            }
        });

        const starting = JSON.parse(editor.dataset.initial || '[]');
        if (starting.length === 0) {
            addRow('[data-charge-template]');
        }

        starting.forEach(line => addRow(line.itemCode ? '[data-charge-template]' : '[data-free-template]', line));
        return () => [...rows.querySelectorAll('[data-charge-row]')].map(lineOf);
    }

    // ----- Quote and charge proposals on the booking page ----------------------------

    function initProposalAnswers(article) {
        const id = article.dataset.booking;

        // Delegated, because the booking page replaces this part when the booking changes.
        article.addEventListener('click', event => {
            const button = event.target.closest('[data-proposal-answer]');
            if (button) {
                const proposal = button.closest('[data-proposal]');
                whileBusy(button, '正在提交…', () =>
                    send(proposal, `/api/bookings/${id}/charge-proposals/${proposal.dataset.proposal}/approve`, undefined, '已同意。'));
            }
        });
        article.addEventListener('submit', event => {
            const form = event.target;
            if (form.matches('[data-proposal-reject]')) {
                event.preventDefault();
                const proposal = form.closest('[data-proposal]');
                const reason = form.querySelector('input').value.trim() || null;
                whileBusy(form.querySelector('button[type="submit"]'), '正在提交…', () =>
                    send(proposal, `/api/bookings/${id}/charge-proposals/${proposal.dataset.proposal}/reject`, { reason }, '已回复不同意。'));
            }
        });
    }

    // ----- Price card editor (/provider/price-card) -----------------------------------

    /** Formats an instant as yyyy-MM-dd HH:mm in Asia/Shanghai, as the pages do. */
    function shanghaiText(iso) {
        const parts = Object.fromEntries(new Intl.DateTimeFormat('zh-CN', {
            timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'
        }).formatToParts(new Date(iso)).map(part => [part.type, part.value]));
        return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
    }

    function initPriceCardForm(form) {
        const providerId = form.dataset.provider;
        const rows = form.querySelector('[data-card-rows]');
        let added = 0;

        // Error slots follow the row order, because the API names fields by index (items[0].price).
        function renumber() {
            rows.querySelectorAll('[data-card-row]').forEach((row, index) => {
                row.querySelectorAll('[data-slot]').forEach(slot => {
                    const field = slot.dataset.slot;
                    slot.dataset.errorFor = field ? `items[${index}].${field}` : `items[${index}]`;
                    slot.id = `items-${index}-${field || 'row'}-error`;
                    const input = field ? row.querySelector(`[data-field="${field}"]`) : null;
                    input?.setAttribute('aria-describedby', slot.id);
                });
            });
        }

        function itemOf(row) {
            const value = field => row.querySelector(`[data-field="${field}"]`)?.value.trim() ?? '';
            const price = value('price');
            return {
                code: row.dataset.code,
                // A provider of one service gets no service column, and the table names that service.
                service: value('service') || form.querySelector('.card-editor').dataset.service || null,
                name: value('name'),
                includes: value('includes'),
                unit: value('unit'),
                unitKind: value('unitKind'),
                price: price === '' ? null : Number(price),
                fee: value('fee'),
                comparable: row.dataset.comparable || null,
                freeDistanceKm: row.dataset.freeDistance ? Number(row.dataset.freeDistance) : null
            };
        }

        function addRow() {
            const fragment = form.querySelector('[data-card-template]').content.cloneNode(true);
            const row = fragment.querySelector('[data-card-row]');
            // A new item needs a code of its own; the API keeps it across versions for the price history.
            added += 1;
            row.dataset.code = `ITEM-${Date.now().toString(36).toUpperCase()}-${added}`;
            rows.append(fragment);
            renumber();
            rows.lastElementChild.querySelector('[data-field="name"]').focus();
        }

        form.querySelector('[data-card-add]').addEventListener('click', addRow);
        rows.addEventListener('click', event => {
            const row = event.target.closest('[data-card-row]');
            if (event.target.matches('[data-card-remove]')) {
                row.remove();
                renumber();
            } else if (event.target.matches('[data-card-withdraw]')) {
                const name = row.querySelector('[data-field="name"]').value.trim();
                whileBusy(event.target, '正在下架…', async () => {
                    const url = `/api/providers/${providerId}/price-card/items/${encodeURIComponent(row.dataset.code)}/withdraw`;
                    const result = await api('POST', url);
                    if (result.ok) {
                        flashAfterReload(`已下架“${name}”，价目表第 ${result.data.version} 版已生效。`);
                        location.reload();
                        return true;
                    }

                    showProblem(form, result.problem);
                    return false;
                });
            }
        });

        form.addEventListener('submit', event => {
            event.preventDefault();
            const effective = form.querySelector('#effective-from').value;
            const body = {
                items: [...rows.querySelectorAll('[data-card-row]')].map(itemOf),
                effectiveFrom: effective ? `${effective.length === 16 ? `${effective}:00` : effective}+08:00` : null
            };
            whileBusy(form.querySelector('button[type="submit"]'), '正在发布…', async () => {
                const result = await api('POST', `/api/providers/${providerId}/price-card`, body);
                if (result.ok) {
                    const { version, effectiveFrom, inEffect } = result.data;
                    flashAfterReload(inEffect
                        ? `已发布价目表第 ${version} 版，生效时间 ${shanghaiText(effectiveFrom)}，现已生效。`
                        : `已发布价目表第 ${version} 版，生效时间 ${shanghaiText(effectiveFrom)}，到时自动生效。`);
                    location.reload();
                    return true;
                }

                showProblem(form, result.problem);
                return false;
            });
        });

        renumber();
    }

    // ----- Guidance prices (/admin/prices) -------------------------------------------

    function initGuidanceForm(form) {
        const comparable = form.closest('[data-comparable]').dataset.comparable;
        form.addEventListener('submit', event => {
            event.preventDefault();
            const value = form.querySelector('input').value.trim();
            whileBusy(form.querySelector('button[type="submit"]'), '正在保存…', async () => {
                const result = await api('PUT', `/api/guidance-prices/${encodeURIComponent(comparable)}`,
                    { price: value === '' ? null : Number(value) });
                if (result.ok) {
                    flashAfterReload(`已保存指导价 ¥${Number(result.data.price).toFixed(2)}。`);
                    location.reload();
                    return true;
                }

                showProblem(form, result.problem);
                return false;
            });
        });
    }

    // ----- Start-up (the script is deferred, so the document is parsed) ---------------

    initFontSize();
    showFlash();
    document.querySelectorAll('[data-booking-form]').forEach(initBookingForm);
    document.querySelectorAll('article[data-booking]').forEach(article => {
        initBookingPage(article);
        initProposalAnswers(article);
    });
    document.querySelectorAll('[data-job]').forEach(initJob);
    document.querySelectorAll('[data-price-card-form]').forEach(initPriceCardForm);
    document.querySelectorAll('[data-guidance-form]').forEach(initGuidanceForm);
})();
