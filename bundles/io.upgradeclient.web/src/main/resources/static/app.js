/* The bundle's one script: shows times in the browser's zone, draws the dashboard's charts as inline SVG and
   refreshes its data, and keeps the "Running now" panels live. Every text from the server is set with
   textContent, never parsed as HTML. */
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  document.documentElement.classList.add('js');

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function zoneName(date) {
    try {
      var part = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' }).formatToParts(date)
        .filter(function (p) { return p.type === 'timeZoneName'; })[0];
      return part ? part.value : '';
    } catch (e) {
      return '';
    }
  }

  /* A <time datetime="…Z"> carries UTC; show it in the browser's zone, with the zone named. */
  function localTimes(root) {
    (root || document).querySelectorAll('time[datetime]').forEach(function (element) {
      var date = new Date(element.getAttribute('datetime'));
      if (isNaN(date.getTime()) || element.getAttribute('data-local')) { return; }
      element.title = element.textContent;
      element.textContent = date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + ' '
        + pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds()) + ' ' + zoneName(date);
      element.setAttribute('data-local', 'true');
    });
  }

  function timeElement(iso) {
    var element = document.createElement('time');
    if (iso) {
      element.setAttribute('datetime', iso);
      element.textContent = iso;
    }
    return element;
  }

  function svg(name, attributes) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (key) { element.setAttribute(key, attributes[key]); });
    return element;
  }

  function text(x, y, value, anchor) {
    var element = svg('text', { x: x, y: y, 'text-anchor': anchor || 'start' });
    element.textContent = value;
    return element;
  }

  /* Charts are drawn at the box's own pixel width, so that 12 px text stays 12 px on every screen. */
  function widthOf(box, fallback) {
    return Math.max(200, Math.round(box.clientWidth || fallback));
  }

  function bars(figure, pairs) {
    var box = figure.querySelector('.svg');
    box.textContent = '';
    var rows = pairs.slice(0, 10);
    var width = widthOf(box, 400);
    var labelWidth = Math.round(width * 0.42), numberWidth = 48;
    var height = Math.max(1, rows.length) * 24 + 8;
    var chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, role: 'img', 'class': 'bars', 'data-points': rows.length });
    var max = rows.reduce(function (m, p) { return Math.max(m, p[1]); }, 1);
    var maxChars = Math.max(6, Math.floor(labelWidth / 7));
    rows.forEach(function (pair, i) {
      var y = 4 + i * 24;
      var label = String(pair[0]);
      var title = svg('title');
      title.textContent = label + ': ' + pair[1];
      var row = svg('g');
      row.appendChild(title);
      row.appendChild(text(0, y + 15, label.length > maxChars ? label.slice(0, maxChars - 1) + '…' : label));
      row.appendChild(svg('rect', { 'class': 'bar', x: labelWidth, y: y + 3, height: 16,
        width: Math.max(1, (width - labelWidth - numberWidth) * pair[1] / max) }));
      row.appendChild(text(width, y + 15, String(pair[1]), 'end'));
      chart.appendChild(row);
    });
    if (rows.length === 0) {
      chart.appendChild(text(0, 20, 'No errors.'));
    }
    box.appendChild(chart);
    figure.classList.add('drawn');
  }

  function day(t) {
    var date = new Date(t);
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate());
  }

  // One bar per bucket across the whole chosen range, so a single busy day is a bar in its place, not a line
  // stretched over the chart, and a quiet stretch shows as empty space.
  function trend(figure, data) {
    var points = data.trend;
    var box = figure.querySelector('.svg');
    box.textContent = '';
    var width = widthOf(box, 800), margin = 34;
    var height = points.length === 0 ? 32 : 200;
    var chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, role: 'img', 'class': 'trend', 'data-points': points.length });
    figure.classList.toggle('empty', points.length === 0);
    if (points.length === 0) {
      chart.appendChild(text(0, 20, 'No errors in this range.'));
    } else {
      var t0 = data.trend_from, t1 = data.trend_until, bucket = data.trend_bucket_ms;
      var baseline = height - margin;
      var max = points.reduce(function (m, p) { return Math.max(m, p[1]); }, 1);
      var x = function (t) { return margin + (width - margin - 5) * (t - t0) / Math.max(1, t1 - t0); };
      var barWidth = Math.max(2, x(t0 + bucket) - x(t0) - 1);
      chart.appendChild(svg('line', { 'class': 'axis', x1: margin, y1: baseline, x2: width, y2: baseline }));
      points.forEach(function (p) {
        var top = baseline - (height - 2 * margin) * p[1] / max;
        var left = Math.min(Math.max(margin, x(p[0])), width - 5 - barWidth);
        var bar = svg('rect', { 'class': 'trend-bar', x: left.toFixed(1), y: top.toFixed(1), width: barWidth.toFixed(1), height: (baseline - top).toFixed(1) });
        var title = svg('title');
        title.textContent = new Date(p[0]).toLocaleString() + ': ' + p[1];
        bar.appendChild(title);
        chart.appendChild(bar);
      });
      chart.appendChild(text(0, margin, String(max)));
      chart.appendChild(text(margin, height - 10, day(t0)));
      chart.appendChild(text(width, height - 10, day(t1), 'end'));
    }
    box.appendChild(chart);
    figure.classList.add('drawn');
  }

  function counts(id, values) {
    document.querySelectorAll('#' + id + ' tr[data-level], #' + id + ' tr[data-state]').forEach(function (row) {
      var key = row.getAttribute('data-level') || row.getAttribute('data-state');
      row.querySelector('td').textContent = String(values[key] || 0);
    });
  }

  function cell(row, value, className) {
    var td = document.createElement('td');
    if (className) { td.className = className; }
    td.textContent = value == null ? '' : String(value);
    row.appendChild(td);
    return td;
  }

  function link(href, value, className) {
    var a = document.createElement('a');
    a.href = href;
    if (className) { a.className = className; }
    a.textContent = String(value);
    return a;
  }

  /* Percent-encoded as the server's Html.url (Java's URLEncoder) does, so that a link finds the id it made. */
  function formEncoded(value) {
    return encodeURIComponent(value).replace(/%20/g, '+').replace(/[!'()~]/g, function (c) {
      return '%' + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  /* As the server draws it: imported rows name no node, rows from before nodes were recorded have none. */
  function node(td, name) {
    if (name === 'imported') {
      td.textContent = name;
    } else if (name) {
      td.appendChild(link('/nodes#node-' + formEncoded(name), name, 'node-link'));
    }
  }

  function latest(rows) {
    var body = document.querySelector('#latest-events tbody');
    body.textContent = '';
    rows.forEach(function (event) {
      var row = document.createElement('tr');
      row.className = 'event-row level-' + event.log_level;
      row.setAttribute('data-id', event.id);
      var time = link('/firmware/' + encodeURIComponent(event.id), '', 'event-link');
      time.appendChild(timeElement(event.created_time));
      cell(row, '').appendChild(time);
      cell(row, event.log_level);
      var check = cell(row, '');
      if (event.dao_name) { check.appendChild(link('/checks/' + encodeURIComponent(event.dao_name), event.dao_name)); }
      cell(row, event.log_class);
      cell(row, event.file_name, 'file');
      var job = cell(row, '', 'num');
      if (event.job_id) { job.appendChild(link('/jobs/' + encodeURIComponent(event.job_id), event.job_id, 'job-link')); }
      node(cell(row, '', 'node'), event.node);
      cell(row, event.log_message, 'message');
      body.appendChild(row);
    });
    if (rows.length === 0) {
      cell(body.appendChild(document.createElement('tr')), 'No events.').colSpan = 8;
    }
    localTimes(body);
  }

  function checks(statuses) {
    statuses.forEach(function (status) {
      document.querySelectorAll('#check-states tr.check-row').forEach(function (row) {
        if (row.getAttribute('data-check') === status.check) {
          row.querySelector('td.state').textContent = status.state;
        }
      });
    });
  }

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (reply) {
        if (reply.status === 401) { window.location.href = '/login?next=' + encodeURIComponent(window.location.pathname + window.location.search); }
        if (!reply.ok) { throw new Error('HTTP ' + reply.status); }
        return reply.json();
      });
  }

  var lastData = null;

  function draw(data) {
    bars(document.getElementById('chart-component'), data.by_component);
    bars(document.getElementById('chart-check'), data.by_check);
    bars(document.getElementById('chart-filetype'), data.by_file_type);
    trend(document.getElementById('chart-trend'), data);
  }

  function refresh() {
    var query = new URLSearchParams(window.location.search);
    var url = '/api/v1/dashboard?exp_during=' + encodeURIComponent(query.get('exp_during') || 'weeks_1')
      + '&log_level=' + encodeURIComponent(query.get('log_level') || 'info');
    return getJson(url)
      .then(function (data) {
        counts('counts-today', data.today);
        counts('counts-week', data.week);
        counts('job-counts', data.jobs);
        lastData = data;
        draw(data);
        latest(data.latest);
        checks(data.checks);
        document.body.setAttribute('data-refreshed', new Date().toISOString());
      })
      .catch(function (error) { document.body.setAttribute('data-refresh-error', String(error)); });
  }

  function bytes(count) {
    if (count < 1024) { return count + ' B'; }
    var units = ['KB', 'MB', 'GB', 'TB'], value = count, unit = -1;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
    return value.toFixed(1) + ' ' + units[unit];
  }

  function activity(item) {
    var box = document.createElement('div');
    box.className = 'activity';
    box.setAttribute('data-job', item.job);
    var what = document.createElement('div');
    what.className = 'what';
    what.appendChild(link('/jobs/' + encodeURIComponent(item.job), 'Job ' + item.job));
    what.appendChild(link('/checks/' + encodeURIComponent(item.check), item.check));
    var file = document.createElement('span');
    file.className = 'file';
    file.textContent = item.file_name;
    what.appendChild(file);
    var step = document.createElement('span');
    step.className = 'step';
    step.textContent = item.step + (item.target ? ' to ' + item.target : '');
    what.appendChild(step);
    box.appendChild(what);
    var bar = document.createElement('progress');
    bar.className = 'transfer';
    if (item.bytes_total > 0) {
      bar.max = item.bytes_total;
      bar.value = item.bytes_done;
    }
    box.appendChild(bar);
    var figures = document.createElement('span');
    figures.className = 'transfer-text';
    var words = bytes(item.bytes_done) + (item.bytes_total >= 0 ? ' of ' + bytes(item.bytes_total) : '');
    if (item.bytes_per_second > 0) { words += ' · ' + bytes(item.bytes_per_second) + '/s'; }
    if (item.eta_seconds != null) { words += ' · ' + item.eta_seconds + ' s left'; }
    figures.textContent = ' ' + words;
    box.appendChild(figures);
    var targets = document.createElement('ul');
    targets.className = 'targets';
    Object.keys(item.targets).forEach(function (name) {
      var entry = document.createElement('li');
      entry.setAttribute('data-target', name);
      entry.setAttribute('data-state', item.targets[name]);
      entry.textContent = name + ': ' + item.targets[name].toLowerCase();
      targets.appendChild(entry);
    });
    box.appendChild(targets);
    return box;
  }

  /* Polls the live progress every second while the page is visible; the list of jobs itself is not reloaded. */
  function watchProgress(panel) {
    var check = panel.getAttribute('data-check');
    var list = panel.querySelector('.activities');
    var none = panel.querySelector('.none');
    function poll() {
      if (document.hidden) { return; }
      getJson('/api/v1/progress').then(function (data) {
        var shown = data.running.filter(function (item) { return !check || item.check === check; });
        list.textContent = '';
        shown.forEach(function (item) { list.appendChild(activity(item)); });
        none.hidden = shown.length > 0;
        panel.setAttribute('data-polled', new Date().toISOString());
      }).catch(function (error) { panel.setAttribute('data-poll-error', String(error)); });
    }
    window.setInterval(poll, 1000);
  }

  document.addEventListener('DOMContentLoaded', function () {
    localTimes(document);
    var panel = document.getElementById('running-jobs');
    if (panel) { watchProgress(panel); }
    if (document.body.getAttribute('data-page') !== 'dashboard') { return; }
    ['trend-range', 'latest-level'].forEach(function (id) {
      document.getElementById(id).addEventListener('change', function () { document.getElementById('dashboard-options').submit(); });
    });
    refresh();
    /* Charts are drawn at their box's pixel width: draw them again when the boxes change size. */
    var resizing = null;
    window.addEventListener('resize', function () {
      window.clearTimeout(resizing);
      resizing = window.setTimeout(function () { if (lastData) { draw(lastData); } }, 150);
    });
    var seconds = parseInt(document.body.getAttribute('data-refresh'), 10);
    if (seconds > 0) { window.setInterval(refresh, seconds * 1000); }
  });
}());
