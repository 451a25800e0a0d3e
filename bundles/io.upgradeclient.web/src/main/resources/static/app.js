/* Dashboard: draws the charts as inline SVG and refreshes the data without reloading the page.
   Every text from the server is set with textContent, never parsed as HTML. */
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  document.documentElement.classList.add('js');

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

  function bars(figure, pairs) {
    var box = figure.querySelector('.svg');
    box.textContent = '';
    var rows = pairs.slice(0, 10);
    var height = Math.max(1, rows.length) * 24 + 8;
    var chart = svg('svg', { viewBox: '0 0 400 ' + height, role: 'img', 'class': 'bars', 'data-points': rows.length });
    var max = rows.reduce(function (m, p) { return Math.max(m, p[1]); }, 1);
    rows.forEach(function (pair, i) {
      var y = 4 + i * 24;
      var label = String(pair[0]);
      chart.appendChild(text(0, y + 15, label.length > 24 ? label.slice(0, 23) + '…' : label));
      chart.appendChild(svg('rect', { 'class': 'bar', x: 170, y: y + 3, height: 16, width: Math.max(1, 190 * pair[1] / max) }));
      chart.appendChild(text(400, y + 15, String(pair[1]), 'end'));
    });
    if (rows.length === 0) {
      chart.appendChild(text(0, 20, 'No errors.'));
    }
    box.appendChild(chart);
    figure.classList.add('drawn');
  }

  function trend(figure, points) {
    var box = figure.querySelector('.svg');
    box.textContent = '';
    var width = 800, height = 200, pad = 30;
    var chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'class': 'trend', 'data-points': points.length });
    chart.appendChild(svg('line', { 'class': 'axis', x1: pad, y1: height - pad, x2: width, y2: height - pad }));
    if (points.length === 0) {
      chart.appendChild(text(pad + 10, height / 2, 'No errors in this range.'));
    } else {
      var t0 = points[0][0], t1 = points[points.length - 1][0];
      var max = points.reduce(function (m, p) { return Math.max(m, p[1]); }, 1);
      var span = Math.max(1, t1 - t0);
      var x = function (t) { return pad + (width - pad - 5) * (t - t0) / span; };
      var y = function (c) { return height - pad - (height - 2 * pad) * c / max; };
      var path = 'M' + x(t0) + ' ' + (height - pad);
      points.forEach(function (p) { path += ' L' + x(p[0]).toFixed(1) + ' ' + y(p[1]).toFixed(1); });
      path += ' L' + x(t1) + ' ' + (height - pad) + ' Z';
      chart.appendChild(svg('path', { 'class': 'trend-area', d: path }));
      chart.appendChild(text(0, pad, String(max)));
      chart.appendChild(text(pad, height - 8, new Date(t0).toLocaleDateString()));
      chart.appendChild(text(width, height - 8, new Date(t1).toLocaleDateString(), 'end'));
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

  function latest(rows) {
    var body = document.querySelector('#latest-events tbody');
    body.textContent = '';
    rows.forEach(function (event) {
      var row = document.createElement('tr');
      row.className = 'event-row level-' + event.log_level;
      row.setAttribute('data-id', event.id);
      var link = document.createElement('a');
      link.className = 'event-link';
      link.href = '/firmware/' + encodeURIComponent(event.id);
      link.textContent = event.created_time;
      cell(row, '').appendChild(link);
      cell(row, event.log_level);
      cell(row, event.dao_name);
      cell(row, event.log_class);
      cell(row, event.file_name, 'file');
      cell(row, event.log_message, 'message');
      body.appendChild(row);
    });
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

  function refresh() {
    var query = new URLSearchParams(window.location.search);
    var url = '/api/v1/dashboard?exp_during=' + encodeURIComponent(query.get('exp_during') || 'weeks_1')
      + '&log_level=' + encodeURIComponent(query.get('log_level') || 'info');
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (reply) {
        if (reply.status === 401) { window.location.href = '/login?next=' + encodeURIComponent(window.location.pathname + window.location.search); }
        if (!reply.ok) { throw new Error('HTTP ' + reply.status); }
        return reply.json();
      })
      .then(function (data) {
        counts('counts-today', data.today);
        counts('counts-week', data.week);
        counts('job-counts', data.jobs);
        bars(document.getElementById('chart-component'), data.by_component);
        bars(document.getElementById('chart-check'), data.by_check);
        bars(document.getElementById('chart-filetype'), data.by_file_type);
        trend(document.getElementById('chart-trend'), data.trend);
        latest(data.latest);
        checks(data.checks);
        document.body.setAttribute('data-refreshed', new Date().toISOString());
      })
      .catch(function (error) { document.body.setAttribute('data-refresh-error', String(error)); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (document.body.getAttribute('data-page') !== 'dashboard') { return; }
    ['trend-range', 'latest-level'].forEach(function (id) {
      document.getElementById(id).addEventListener('change', function () { document.getElementById('dashboard-options').submit(); });
    });
    refresh();
    var seconds = parseInt(document.body.getAttribute('data-refresh'), 10);
    if (seconds > 0) { window.setInterval(refresh, seconds * 1000); }
  });
}());
