'use strict';
// vistruct web UI: plain JavaScript, no build step, no external resources.

const I18N = {
  zh: {
    search: '检索', faceSearch: '以脸搜脸', jobs: '分析任务', live: '实时记录', logout: '退出', signIn: '登录',
    tokenHint: '请输入访问令牌（首次启动时打印在服务器控制台）。', plate: '号牌', plateColor: '号牌颜色', vehicleColor: '车身颜色',
    vehicleClass: '车辆类型', type: '对象', device: '设备编码', from: '开始时间', to: '结束时间', searchBtn: '查询', more: '更多',
    photo: '人脸照片', minSimilarity: '最低相似度', video: '视频或图片', startTime: '视频开始时间', upload: '上传并分析', file: '文件',
    state: '状态', progress: '进度', records: '记录', liveHint: '新写入的记录会实时出现在这里。', any: '不限', found: '共 {n} 条，显示 {m} 条',
    searching: '查询中…', uploading: '上传中…', uploaded: '已提交任务 {id}', cancel: '取消', noFace: '没有找到相似人脸',
    MotorVehicle: '机动车', Face: '人脸', Person: '人员', similarity: '相似度', badToken: '令牌无效', queued: '排队', running: '分析中',
    done: '完成', failed: '失败', cancelled: '已取消', noPlate: '无车牌', devices: '设备',
    devicesHint: '按 GB/T 28181 或 GA/T 1400 注册到本平台的摄像机、卡口、NVR 和下级平台。', deviceId: '设备编码', name: '名称', manufacturer: '厂商',
    model: '型号', address: '地址', lastKeepalive: '最后心跳', channelsCol: '通道', channelId: '通道编码', parent: '上级',
    online: '在线', offline: '离线', channelsOf: '{id} 的通道', analyseLive: '实时分析', stopLive: '停止', streams: '实时流',
    watch: '布控', alerts: '告警', watchPlate: '号牌（可用 * ?）', timeOfDay: '时段', list: '布控库', priority: '级别', reason: '布控原因',
    validTo: '截止时间', addEntry: '添加布控', enrolFace: '人脸布控', kind: '类型', watched: '布控对象', creator: '创建人', remove: '撤控',
    alertsHint: '布控命中的告警会实时出现在这里，最新的在前。', PLATE: '号牌', PATTERN: '模糊号牌', VEHICLE: '车辆特征', FACE: '人脸',
    added: '已添加', needPlateOrRule: '请填写号牌或至少一项车辆特征',
    retention: '留存', expiresAt: '到期', sceneExpiresAt: '场景图到期', never: '永久保存', held: '已作为证据保全，解除前不会过期',
    notHeld: '未保全', hold: '保全', release: '解除', holdReason: '保全原因', caseId: '案件编号（可选）', releaseReason: '解除原因',
    heldBy: '{who} 于 {when} 保全', releasedBy: '{who} 于 {when} 解除', source_manual: '人工', source_case: '案件', source_alert: '告警',
    protocol: '接入', uppers: 'GA/T 1400 上级视图库', senders: 'GA/T 1400 接入（已注册）', subscriptions: 'GA/T 1400 订阅（他方订阅本平台）',
    platformId: '平台编码', queuedCol: '待推送', pushed: '已推送', sent: '已推送', failuresCol: '失败', lastError: '最近错误', subscribeId: '订阅编号',
    subscriber: '订阅方', subscribeDetail: '订阅类别', receiveAddr: '接收地址', registered: '已注册', notRegistered: '未注册',
    APE: '采集设备', TOLLGATE: '卡口', LANE: '车道', NonMotorVehicle: '非机动车',
    investigate: '研判', tactic: '研判方法', t_trajectory: '轨迹', t_companions: '同行车', 't_first-seen': '首次入城', t_clones: '套牌嫌疑',
    t_collision: '区域碰撞', t_night: '昼伏夜出', t_frequent: '频繁过车', t_stays: '落脚点', windowS: '前后秒数', minTimes: '最少同行次数',
    minDevices: '最少卡口数', windows: '时空窗口（每行一个：设备,设备@开始/结束；! 开头为不得出现）', minWindows: '最少命中窗口', lookbackDays: '回溯天数',
    nightWindow: '夜间时段', dayWindow: '白天时段', minNights: '最少夜数', maxDayPasses: '白天最多过车', minPasses: '最少过车次数', minHours: '最少停留小时',
    run: '研判', exportCsv: '导出 CSV', suspects: '实时套牌嫌疑（待研判）', rule: '规则', detected: '发现时间', confirm: '确认', dismiss: '排除',
    invFound: '{n} 条结果，读取 {p} 条过车，排除不可靠号牌 {x} 条，用时 {ms} ms', places: '设备点位（经纬度）', nodes: '集群节点', nodeId: '节点', lastHeartbeat: '最后心跳', jobsCol: '任务', streamsCol: '实时流', cpuLoad: 'CPU', signallingRole: '（GB28181 信令）',
    alive: '在线', dead: '离线', thisNode: '（本节点）', placesCsv: '导入 CSV（设备编码,名称,经度,纬度）',
    import: '导入', longitude: '经度', latitude: '纬度', source: '来源', imported: '已导入 {n} 个点位', noPlaces: '暂无点位：轨迹图需要设备经纬度',
    sincePrev: '间隔'
  },
  en: {
    search: 'Search', faceSearch: 'Face search', jobs: 'Jobs', live: 'Live', logout: 'Sign out', signIn: 'Sign in',
    tokenHint: 'Enter your access token (printed on the server console at first start).', plate: 'Plate', plateColor: 'Plate colour',
    vehicleColor: 'Vehicle colour', vehicleClass: 'Vehicle class', type: 'Object', device: 'Device ID', from: 'From', to: 'To',
    searchBtn: 'Search', more: 'More', photo: 'Face photo', minSimilarity: 'Min. similarity', video: 'Video or picture',
    startTime: 'Video start time', upload: 'Upload and analyse', file: 'File', state: 'State', progress: 'Progress', records: 'Records',
    liveHint: 'Newly written records appear here as they are stored.', any: 'any', found: '{n} found, {m} shown', searching: 'Searching…',
    uploading: 'Uploading…', uploaded: 'Job {id} queued', cancel: 'Cancel', noFace: 'No similar face found', MotorVehicle: 'Vehicle',
    Face: 'Face', Person: 'Person', similarity: 'Similarity', badToken: 'Unknown token', queued: 'queued', running: 'running',
    done: 'done', failed: 'failed', cancelled: 'cancelled', noPlate: 'no plate', devices: 'Devices',
    devicesHint: 'Cameras, checkpoints, NVRs and lower platforms registered here over GB/T 28181 or GA/T 1400.', deviceId: 'Device ID', name: 'Name',
    protocol: 'Access', uppers: 'GA/T 1400 upper platforms', senders: 'GA/T 1400 senders (registered)', subscriptions: 'GA/T 1400 subscriptions (others to us)',
    platformId: 'Platform ID', queuedCol: 'Queued', pushed: 'Pushed', sent: 'Sent', failuresCol: 'Failures', lastError: 'Last error', subscribeId: 'Subscription',
    subscriber: 'Subscriber', subscribeDetail: 'Categories', receiveAddr: 'Receive address', registered: 'registered', notRegistered: 'not registered',
    APE: 'capture device', TOLLGATE: 'checkpoint', LANE: 'lane', NonMotorVehicle: 'Non-motor vehicle',
    manufacturer: 'Manufacturer', model: 'Model', address: 'Address', lastKeepalive: 'Last keepalive', channelsCol: 'Channels',
    channelId: 'Channel ID', parent: 'Parent', online: 'online', offline: 'offline', channelsOf: 'Channels of {id}',
    analyseLive: 'Analyse live', stopLive: 'Stop', streams: 'Live streams',
    investigate: 'Investigate', tactic: 'Tactic', t_trajectory: 'Trajectory', t_companions: 'Companions', 't_first-seen': 'First seen',
    t_clones: 'Cloned plates', t_collision: 'Area collision', t_night: 'Night only', t_frequent: 'Frequent', t_stays: 'Stay points',
    windowS: '± seconds', minTimes: 'Min. times', minDevices: 'Min. devices', windows: 'Windows (one a line: device,device@from/to; ! for must-not)',
    minWindows: 'Min. windows', lookbackDays: 'Look back (days)', nightWindow: 'Night', dayWindow: 'Day', minNights: 'Min. nights',
    maxDayPasses: 'Max. day passes', minPasses: 'Min. passes', minHours: 'Min. hours', run: 'Run', exportCsv: 'Export CSV',
    suspects: 'Cloned-plate suspects (real time, undecided)', rule: 'Rule', detected: 'Detected', confirm: 'Confirm', dismiss: 'Dismiss',
    invFound: '{n} results, {p} passes read, {x} unreliable plates left out, {ms} ms', places: 'Device positions', nodes: 'Cluster nodes', nodeId: 'Node', lastHeartbeat: 'Last heartbeat', jobsCol: 'Jobs', streamsCol: 'Live streams', cpuLoad: 'CPU', signallingRole: ' (GB28181 signalling)',
    alive: 'alive', dead: 'dead', thisNode: ' (this node)', placesCsv: 'Import CSV (id,name,longitude,latitude)',
    import: 'Import', longitude: 'Longitude', latitude: 'Latitude', source: 'Source', imported: '{n} positions imported',
    noPlaces: 'No positions: the trajectory map needs device positions', sincePrev: 'since previous',
    watch: 'Watch lists', alerts: 'Alerts', watchPlate: 'Plate (* and ? allowed)', timeOfDay: 'Time of day', list: 'List', priority: 'Priority',
    reason: 'Reason', validTo: 'Valid until', addEntry: 'Add entry', enrolFace: 'Watch face', kind: 'Kind', watched: 'Watched', creator: 'Creator',
    remove: 'Remove', alertsHint: 'Watch-list hits appear here as they happen, newest first.', PLATE: 'Plate', PATTERN: 'Plate pattern',
    VEHICLE: 'Vehicle rule', FACE: 'Face', added: 'Added', needPlateOrRule: 'Give a plate or at least one vehicle feature',
    retention: 'Retention', expiresAt: 'Expires', sceneExpiresAt: 'Scene picture expires', never: 'kept forever',
    held: 'Held as evidence: does not expire until released', notHeld: 'not held', hold: 'Hold', release: 'Release',
    holdReason: 'Reason for the hold', caseId: 'Case (optional)', releaseReason: 'Reason for the release',
    heldBy: 'held by {who} at {when}', releasedBy: 'released by {who} at {when}', source_manual: 'by hand', source_case: 'case', source_alert: 'alert'
  }
};
const COLORS = [[1, '黑', 'black'], [2, '白', 'white'], [3, '灰', 'grey'], [4, '红', 'red'], [5, '蓝', 'blue'], [6, '黄', 'yellow'],
  [7, '橙', 'orange'], [8, '棕', 'brown'], [9, '绿', 'green'], [10, '紫', 'purple'], [11, '青', 'cyan'], [12, '粉', 'pink'], [99, '其他', 'other']];
const CLASSES = [['K33', '小型轿车', 'car'], ['K31', '小型普通客车', 'van'], ['K11', '大型普通客车', 'bus'], ['H21', '中型普通货车', 'truck'],
  ['M21', '普通二轮摩托车', 'motorcycle'], ['X99', '其他', 'other']];
let lang = localStorage.getItem('vistruct.lang') || 'zh';
let lastQuery = null, offset = 0;
const $ = (s) => document.querySelector(s);
const t = (k, vars) => (I18N[lang][k] || k).replace(/\{(\w+)\}/g, (_, v) => vars[v]);

function applyLang() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  $('#lang').textContent = lang === 'zh' ? 'EN' : '中文';
  document.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = t(e.dataset.i18n); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach((e) => { e.placeholder = t(e.dataset.i18nPlaceholder); });
  document.querySelectorAll('select.colors').forEach((s) => fill(s, COLORS.map(([c, zh, en]) => [c, lang === 'zh' ? zh : en])));
  document.querySelectorAll('#vehicleClass, select.classes').forEach((s) => fill(s, CLASSES.map(([c, zh, en]) => [c, c + ' ' + (lang === 'zh' ? zh : en)])));
  fill($('#type'), ['MotorVehicle', 'Face', 'Person'].map((x) => [x, t(x)]));
}

function fill(select, options) {
  const keep = select.value;
  select.innerHTML = '';
  select.append(new Option(t('any'), ''));
  options.forEach(([v, label]) => select.append(new Option(label, v)));
  select.value = keep;
}

async function api(path, options = {}) {
  const res = await fetch(path, { credentials: 'same-origin', ...options });
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok) throw new Error((body && body.message) || res.status + ' ' + res.statusText);
  return body;
}

const picture = (key) => key ? '/api/v1/pictures/' + key.split('/').map(encodeURIComponent).join('/') : '';
const colorName = (code) => { const c = COLORS.find(([n]) => String(n) === String(code)); return c ? (lang === 'zh' ? c[1] : c[2]) : ''; };
const timeOf = (r) => { const s = r.PassTime || r.ShotTime || ''; return s.replace(/(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)/, '$1-$2-$3 $4:$5:$6'); };
const typeOf = (r) => r.Type || (r.MotorVehicleID ? 'MotorVehicle' : r.FaceID ? 'Face' : 'Person');

function card(r, similarity) {
  const div = document.createElement('div');
  div.className = 'card';
  const img = document.createElement('img');
  img.loading = 'lazy';
  const key = r.StorageUrl1 || r.StorageUrl3;
  if (key) img.src = picture(key); // a record without pictures (pushed without them) shows the empty frame, not a broken image
  img.alt = '';
  const meta = document.createElement('div');
  meta.className = 'meta';
  const title = typeOf(r) === 'MotorVehicle' ? r.PlateNo : t(typeOf(r));
  meta.innerHTML = '<span class="plate"></span>' + (similarity != null ? '<span class="sim"></span>' : '') + '<br><span class="sub"></span><br><span class="when"></span>';
  meta.querySelector('.plate').textContent = title;
  if (similarity != null) meta.querySelector('.sim').textContent = similarity.toFixed(3);
  meta.querySelector('.sub').textContent = typeOf(r) === 'MotorVehicle'
    ? [colorName(r.PlateColor), r.VehicleClass, colorName(r.VehicleColor)].filter(Boolean).join(' · ') : r.DeviceID;
  meta.querySelector('.when').textContent = timeOf(r);
  div.append(img, meta);
  div.addEventListener('click', () => openDetail(r));
  return div;
}

async function openDetail(r) {
  const d = $('#detail');
  $('#detail-title').textContent = (typeOf(r) === 'MotorVehicle' ? r.PlateNo + ' · ' : t(typeOf(r)) + ' · ') + timeOf(r);
  const sceneKey = typeOf(r) === 'MotorVehicle' ? r.StorageUrl3 : r.StorageUrl2;
  const canvas = $('#detail-scene');
  const img = new Image();
  img.onload = () => {
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const g = canvas.getContext('2d');
    g.drawImage(img, 0, 0);
    g.strokeStyle = '#ffcc00'; g.lineWidth = Math.max(3, img.naturalWidth / 300);
    g.strokeRect(r.LeftTopX, r.LeftTopY, r.RightBtmX - r.LeftTopX, r.RightBtmY - r.LeftTopY);
    canvas.dataset.loaded = String(img.naturalWidth);
  };
  canvas.dataset.loaded = '';
  img.src = picture(sceneKey);
  const closeups = $('#detail-closeups');
  closeups.innerHTML = '';
  [r.StorageUrl1, typeOf(r) === 'MotorVehicle' ? r.StorageUrl2 : null].filter(Boolean).forEach((k) => {
    const i = document.createElement('img'); i.src = picture(k); i.alt = ''; closeups.append(i);
  });
  const dl = $('#detail-fields');
  dl.innerHTML = '';
  Object.entries(r).filter(([k]) => !k.startsWith('StorageUrl')).forEach(([k, v]) => {
    const dt = document.createElement('dt'); dt.textContent = k;
    const dd = document.createElement('dd'); dd.textContent = k.endsWith('Color') ? v + ' ' + colorName(v) : v;
    dl.append(dt, dd);
  });
  d.dataset.record = recordId(r);
  if (!d.open) d.showModal();
  loadRetention(recordId(r));
}

const gaTime = (s) => s ? s.replace(/(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)/, '$1-$2-$3 $4:$5:$6') : '';

/** The record's retention: when it expires, its holds (placed and released, with who and why), a form to hold it. */
async function loadRetention(id) {
  const box = $('#detail-retention');
  $('#retention-error').textContent = '';
  let rec;
  try {
    rec = await api('/api/v1/records/' + encodeURIComponent(id));
  } catch (e) {
    $('#retention-error').textContent = e.message;
    return;
  }
  if ($('#detail').dataset.record !== id) return;
  const ret = rec.Retention || { Holds: [] };
  box.classList.toggle('held', !!ret.Held);
  box.dataset.held = String(!!ret.Held);
  const lines = [ret.Held ? t('held') : t('notHeld'), t('expiresAt') + ': ' + (ret.ExpiresAt ? gaTime(ret.ExpiresAt) : t('never'))];
  if ('SceneExpiresAt' in ret) lines.push(t('sceneExpiresAt') + ': ' + (ret.SceneExpiresAt ? gaTime(ret.SceneExpiresAt) : t('never')));
  $('#retention-status').textContent = lines.join(' · ');
  const ul = $('#retention-holds');
  ul.innerHTML = '';
  ret.Holds.forEach((h) => {
    const li = document.createElement('li');
    li.className = h.releasedAt ? 'released' : 'open';
    li.textContent = '[' + t('source_' + h.source) + (h.case ? ' ' + h.case : '') + '] ' + h.reason + ' — ' + t('heldBy', { who: h.heldBy, when: gaTime(h.heldAt) })
      + (h.releasedAt ? '; ' + t('releasedBy', { who: h.releasedBy, when: gaTime(h.releasedAt) }) + ': ' + h.releaseReason : '');
    if (!h.releasedAt) {
      const b = document.createElement('button');
      b.type = 'button'; b.className = 'release'; b.textContent = t('release');
      b.onclick = async () => {
        const why = prompt(t('releaseReason'));
        if (!why) return;
        try {
          await api('/api/v1/holds/' + encodeURIComponent(h.id) + '?reason=' + encodeURIComponent(why), { method: 'DELETE' });
        } catch (e) { $('#retention-error').textContent = e.message; }
        loadRetention(id);
      };
      li.append(b);
    }
    ul.append(li);
  });
}

$('#hold-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const id = $('#detail').dataset.record;
  const body = { reason: $('#hold-reason').value };
  if ($('#hold-case').value.trim()) body.case = $('#hold-case').value.trim();
  try {
    await api('/api/v1/records/' + encodeURIComponent(id) + '/holds', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    $('#hold-reason').value = ''; $('#hold-case').value = '';
  } catch (e) { $('#retention-error').textContent = e.message; }
  loadRetention(id);
});

function localTime(input) { return input.value ? input.value.length === 16 ? input.value + ':00' : input.value : null; }

async function search(more) {
  if (!more) {
    offset = 0;
    const p = new URLSearchParams();
    [['plate', '#plate'], ['plateColor', '#plateColor'], ['vehicleColor', '#vehicleColor'], ['vehicleClass', '#vehicleClass'],
      ['type', '#type'], ['device', '#device']].forEach(([k, s]) => { if ($(s).value.trim()) p.set(k, $(s).value.trim()); });
    if (localTime($('#from'))) p.set('from', localTime($('#from')));
    if (localTime($('#to'))) p.set('to', localTime($('#to')));
    lastQuery = p;
    $('#results').innerHTML = '';
  }
  const p = new URLSearchParams(lastQuery);
  p.set('limit', 48); p.set('offset', offset);
  $('#search-status').textContent = t('searching');
  try {
    const page = await api('/api/v1/records?' + p);
    page.records.forEach((r) => $('#results').append(card(r)));
    offset += page.records.length;
    $('#search-status').textContent = t('found', { n: page.total, m: offset });
    $('#more').hidden = offset >= page.total;
  } catch (e) { $('#search-status').textContent = e.message; }
}

async function faceSearch() {
  const form = new FormData();
  form.append('image', $('#face-file').files[0]);
  form.append('minSimilarity', $('#min-similarity').value);
  $('#face-status').textContent = t('searching');
  $('#face-results').innerHTML = '';
  try {
    const res = await api('/api/v1/faces/search', { method: 'POST', body: form });
    res.faces.forEach((f) => $('#face-results').append(card(f, f.Similarity)));
    $('#face-status').textContent = res.faces.length ? t('found', { n: res.faces.length, m: res.faces.length }) : t('noFace');
  } catch (e) { $('#face-status').textContent = e.message; }
}

async function upload() {
  const file = $('#upload-file').files[0];
  const p = new URLSearchParams({ name: file.name, deviceId: $('#upload-device').value.trim() });
  if (localTime($('#upload-start'))) p.set('start', localTime($('#upload-start')));
  $('#upload-status').textContent = t('uploading');
  try {
    const job = await api('/api/v1/jobs?' + p, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: file });
    $('#upload-status').textContent = t('uploaded', { id: job.id });
    refreshJobs();
  } catch (e) { $('#upload-status').textContent = e.message; }
}

async function refreshJobs() {
  try {
    const { jobs } = await api('/api/v1/jobs');
    const body = $('#job-table tbody');
    body.innerHTML = '';
    jobs.forEach((j) => {
      const tr = document.createElement('tr');
      tr.dataset.job = j.id;
      tr.innerHTML = '<td class="job-name"></td><td></td><td class="job-state"></td><td><progress max="1"></progress> <span class="fps"></span></td><td class="job-records"></td><td></td>';
      tr.children[0].textContent = j.name;
      tr.children[1].textContent = j.deviceId;
      tr.children[2].textContent = t(j.state) + (j.error ? ': ' + j.error : '');
      tr.children[2].dataset.state = j.state;
      tr.querySelector('progress').value = j.progress;
      tr.querySelector('.fps').textContent = j.framesPerSecond ? j.framesPerSecond + ' fps' : '';
      tr.children[4].textContent = j.records;
      if (j.state === 'queued' || j.state === 'running') {
        const b = document.createElement('button'); b.textContent = t('cancel');
        b.onclick = () => api('/api/v1/jobs/' + j.id, { method: 'DELETE' }).then(refreshJobs);
        tr.children[5].append(b);
      }
      body.append(tr);
    });
  } catch (e) { $('#upload-status').textContent = e.message; }
}

/** Device positions: the table on the Devices tab and the points of the trajectory map. */
let places = [];
async function refreshPlaces() {
  try {
    places = (await api('/api/v1/places')).places;
    const body = $('#place-table tbody');
    body.innerHTML = '';
    places.forEach((p) => {
      const tr = document.createElement('tr');
      [p.DeviceID, p.Name, p.Longitude.toFixed(6), p.Latitude.toFixed(6), p.Source].forEach((v) => { const td = document.createElement('td'); td.textContent = v; tr.append(td); });
      body.append(tr);
    });
  } catch (e) { $('#places-status').textContent = e.message; }
}

async function importPlaces() {
  const f = $('#places-file').files[0];
  if (!f) return;
  try {
    const r = await api('/api/v1/places/import', { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: await f.text() });
    $('#places-status').textContent = t('imported', { n: r.imported });
    refreshPlaces();
  } catch (e) { $('#places-status').textContent = e.message; }
}

/** The nodes sharing the metadata database, by their heartbeats (one row when vistruct runs alone). */
async function refreshNodes() {
  try {
    const { nodes } = await api('/api/v1/cluster');
    const body = $('#node-table tbody');
    body.innerHTML = '';
    nodes.forEach((n) => {
      const tr = document.createElement('tr');
      tr.dataset.state = n.alive ? 'alive' : 'dead';
      [n.nodeId + (n.self ? t('thisNode') : '') + (n.signalling ? t('signallingRole') : ''), t(n.alive ? 'alive' : 'dead'), n.httpUrl, n.secondsSinceHeartbeat.toFixed(1) + ' s',
        n.jobsRunning, n.streams, Math.round(n.cpuLoad * 100) + ' %'].forEach((v) => { const td = document.createElement('td'); td.textContent = v; tr.append(td); });
      body.append(tr);
    });
  } catch (e) { $('#places-status').textContent = e.message; }
}

async function refreshDevices() {
  refreshPlaces();
  refreshNodes();
  try {
    const { devices } = await api('/api/v1/devices');
    const body = $('#device-table tbody');
    body.innerHTML = '';
    devices.forEach((d) => {
      const tr = document.createElement('tr');
      tr.dataset.device = d.id;
      const gb = d.protocol !== 'GA/T 1400';
      const where = gb ? (d.address ? d.address + ' (' + d.transport + ')' : '')
        : (d.longitude != null ? d.longitude.toFixed(5) + ', ' + d.latitude.toFixed(5) : '') + (d.parentId ? ' ← ' + d.parentId : '');
      [d.id, d.name, gb ? 'GB/T 28181' : 'GA/T 1400 ' + t(d.kind), d.manufacturer, d.model, where, t(d.online ? 'online' : 'offline'),
        timeOf({ PassTime: d.lastKeepalive || '' }), gb ? d.channels : ''].forEach((v) => {
        const td = document.createElement('td'); td.textContent = v == null ? '' : v; tr.append(td);
      });
      tr.children[6].className = d.online ? 'online' : 'offline';
      if (gb) {
        tr.style.cursor = 'pointer';
        tr.onclick = () => showChannels(d.id);
      }
      body.append(tr);
    });
  } catch (e) { $('#device-table tbody').textContent = e.message; }
  refreshPlatforms();
}

/** The GA/T 1400 side: upper platforms with their links, registered senders, subscriptions served. */
async function refreshPlatforms() {
  let v;
  try { v = await api('/api/v1/viid'); } catch (e) { $('#platforms').hidden = true; return; }
  $('#platforms').hidden = false;
  const fill = (sel, rows, cells, state) => {
    const body = $(sel + ' tbody');
    body.innerHTML = '';
    rows.forEach((r) => {
      const tr = document.createElement('tr');
      tr.dataset.id = r.id;
      cells(r).forEach((c) => { const td = document.createElement('td'); td.textContent = c == null ? '' : c; tr.append(td); });
      if (state) tr.children[state.col].className = state.ok(r) ? 'online' : 'offline';
      body.append(tr);
    });
  };
  fill('#upper-table', v.uppers, (u) => [u.id, u.address, t(u.registered ? 'registered' : 'notRegistered'), timeOf({ PassTime: u.lastKeepalive || '' }),
    u.queued, u.pushed, u.failures, u.lastError], { col: 2, ok: (u) => u.registered });
  fill('#sender-table', v.senders, (s) => [s.id, s.address, t(s.online ? 'online' : 'offline'), timeOf({ PassTime: s.lastKeepalive || '' })],
    { col: 2, ok: (s) => s.online });
  fill('#subscription-table', v.subscriptions, (s) => [s.id, s.subscriber, (s.details || []).join(','), s.receiveAddr, s.queued, s.sent, s.failures, s.lastError]);
}

async function showChannels(id) {
  const { channels } = await api('/api/v1/devices/' + encodeURIComponent(id) + '/channels');
  $('#channel-title').textContent = t('channelsOf', { id });
  const body = $('#channel-table tbody');
  body.innerHTML = '';
  const { streams } = await api('/api/v1/streams');
  channels.forEach((c) => {
    const tr = document.createElement('tr');
    [c.id, c.name, c.status, c.parentId].forEach((v) => { const td = document.createElement('td'); td.textContent = v == null ? '' : v; tr.append(td); });
    const live = streams.find((s) => s.deviceId === id && s.channelId === c.id && s.state !== 'stopped');
    const td = document.createElement('td');
    const b = document.createElement('button');
    b.textContent = live ? t('stopLive') + ' (' + live.state + (live.error ? ': ' + live.error : '') + ')' : t('analyseLive');
    b.onclick = async () => {
      const path = '/api/v1/devices/' + encodeURIComponent(id) + '/channels/' + encodeURIComponent(c.id) + '/live';
      await api(path, { method: live ? 'DELETE' : 'POST' });
      showChannels(id);
    };
    td.append(b);
    tr.append(td);
    body.append(tr);
  });
  $('#channel-table').hidden = false;
}

const recordId = (r) => r.MotorVehicleID || r.FaceID || r.PersonID;

function follow() {
  const es = new EventSource('/api/v1/records/stream');
  es.onmessage = (m) => {
    const list = $('#live-results');
    const r = JSON.parse(m.data);
    const c = card(r);
    c.dataset.id = recordId(r);
    // a vehicle is written early while in view and again when it leaves: the later version replaces the card
    const old = [...list.children].find((e) => e.dataset.id === c.dataset.id);
    if (old) old.remove();
    list.prepend(c);
    while (list.children.length > 200) list.lastChild.remove();
  };
  const alerts = new EventSource('/api/v1/alerts/stream');
  alerts.onmessage = (m) => {
    $('#alert-results').prepend(alertCard(JSON.parse(m.data)));
    if ($('#alerts').hidden) {
      const b = $('#alert-badge');
      b.textContent = String(Number(b.textContent || 0) + 1);
      b.hidden = false;
    }
  };
}

function alertCard(a) {
  const object = a.MotorVehicleObject || a.FaceObject || a.PersonObject;
  const div = document.createElement('div');
  div.className = 'card alert priority-' + a.Priority;
  div.dataset.id = a.NotificationID;
  const img = document.createElement('img');
  const pic = (a.Pictures || []).find((p) => p.Kind !== 'scene') || (a.Pictures || [])[0];
  img.src = pic ? picture(pic.Key) : '';
  img.alt = '';
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.innerHTML = '<span class="plate"></span><span class="sim"></span><br><span class="sub"></span><br><span class="when"></span>';
  meta.querySelector('.plate').textContent = a.PlateNo || t(a.ObjectType);
  meta.querySelector('.sim').textContent = a.Similarity != null ? a.Similarity.toFixed(3) : 'P' + a.Priority;
  meta.querySelector('.sub').textContent = a.Title + ' · ' + a.Watched;
  meta.querySelector('.when').textContent = timeOf({ PassTime: a.TriggerTime }) + ' · ' + a.DeviceID;
  div.append(img, meta);
  if (object) div.addEventListener('click', () => openDetail({ ...object, Type: a.ObjectType }));
  return div;
}

async function refreshAlerts() {
  $('#alert-badge').hidden = true;
  $('#alert-badge').textContent = '';
  try {
    const { alerts } = await api('/api/v1/alerts?limit=200');
    const list = $('#alert-results');
    list.innerHTML = '';
    alerts.forEach((a) => list.append(alertCard(a)));
  } catch (e) { $('#alert-results').textContent = e.message; }
}

async function refreshWatch() {
  try {
    const { entries } = await api('/api/v1/watchlist');
    const body = $('#watch-table tbody');
    body.innerHTML = '';
    entries.forEach((e) => {
      const tr = document.createElement('tr');
      tr.dataset.id = e.DispositionID;
      const photo = document.createElement('td');
      if (e.PhotoUrl) { const i = document.createElement('img'); i.src = e.PhotoUrl; i.className = 'thumb'; i.alt = ''; photo.append(i); }
      tr.append(photo);
      [e.List, t(e.Kind), e.Watched, e.PriorityLevel, e.DispositionReason, e.Creator, e.EndTime ? timeOf({ PassTime: e.EndTime }) : ''].forEach((v) => {
        const td = document.createElement('td'); td.textContent = v == null ? '' : v; tr.append(td);
      });
      const td = document.createElement('td');
      const b = document.createElement('button');
      b.textContent = t('remove');
      b.onclick = () => api('/api/v1/watchlist/' + encodeURIComponent(e.DispositionID), { method: 'DELETE' }).then(refreshWatch);
      td.append(b);
      tr.append(td);
      body.append(tr);
    });
  } catch (e) { $('#watch-status').textContent = e.message; }
}

async function addWatch() {
  const body = { list: $('#watch-list').value.trim() || 'default', priority: Number($('#watch-priority').value), reason: $('#watch-reason').value.trim() };
  if (localTime($('#watch-to'))) body.validTo = localTime($('#watch-to'));
  const plate = $('#watch-plate').value.trim();
  const rule = {};
  if ($('#watch-vehicleColor').value) rule.vehicleColor = $('#watch-vehicleColor').value;
  if ($('#watch-vehicleClass').value) rule.vehicleClass = $('#watch-vehicleClass').value;
  if ($('#watch-time').value.trim()) rule.timeOfDay = $('#watch-time').value.trim();
  if ($('#watch-devices').value.trim()) rule.devices = $('#watch-devices').value.trim();
  if (plate) body.plate = plate;
  else if (Object.keys(rule).length) body.vehicle = rule;
  else { $('#watch-status').textContent = t('needPlateOrRule'); return; }
  try {
    const e = await api('/api/v1/watchlist', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    $('#watch-status').textContent = t('added') + ': ' + e.Watched;
    $('#watch-plate').value = '';
    refreshWatch();
  } catch (err) { $('#watch-status').textContent = err.message; }
}

async function addWatchFace() {
  const form = new FormData();
  form.append('image', $('#watch-face-file').files[0]);
  form.append('minSimilarity', $('#watch-face-min').value);
  form.append('list', $('#watch-face-list').value.trim() || 'default');
  if ($('#watch-face-reason').value.trim()) form.append('reason', $('#watch-face-reason').value.trim());
  try {
    const e = await api('/api/v1/watchlist/faces', { method: 'POST', body: form });
    $('#watch-status').textContent = t('added') + ': ' + e.Watched;
    refreshWatch();
  } catch (err) { $('#watch-status').textContent = err.message; }
}

function show(tab) {
  document.querySelectorAll('.tab').forEach((s) => { s.hidden = s.id !== tab; });
  document.querySelectorAll('#tabs button').forEach((b) => b.classList.toggle('active', b.dataset.tab === tab));
  if (tab === 'jobs') refreshJobs();
  if (tab === 'devices') refreshDevices();
  if (tab === 'watch') refreshWatch();
  if (tab === 'investigate') { showTacticFields(); refreshSuspects(); }
  if (tab === 'alerts') refreshAlerts();
}

async function start() {
  try {
    const me = await api('/api/v1/me');
    $('#whoami').textContent = me.name + ' (' + me.role + ')';
    $('#login').hidden = true; $('#tabs').hidden = false; $('#logout').hidden = false;
    show('search');
    follow();
    setInterval(() => { if (!$('#jobs').hidden) refreshJobs(); }, 1000);
    setInterval(() => { if (!$('#devices').hidden) refreshDevices(); }, 5000);
  } catch (e) {
    $('#login').hidden = false;
  }
}

$('#lang').onclick = () => { lang = lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('vistruct.lang', lang); applyLang(); };
$('#login-form').onsubmit = async (e) => {
  e.preventDefault();
  try {
    await api('/api/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: $('#token').value.trim() }) });
    $('#login-error').textContent = '';
    start();
  } catch (err) { $('#login-error').textContent = t('badToken') + ': ' + err.message; }
};
$('#logout').onclick = async () => { await api('/api/v1/logout', { method: 'POST' }); location.reload(); };
document.querySelectorAll('#tabs button').forEach((b) => { b.onclick = () => show(b.dataset.tab); });
$('#inv-form').onsubmit = (e) => { e.preventDefault(); investigate(); };
$('#inv-csv').onclick = () => investigate(true);
$('#inv-tactic').onchange = showTacticFields;
$('#places-form').onsubmit = (e) => { e.preventDefault(); importPlaces(); };
$('#search-form').onsubmit = (e) => { e.preventDefault(); search(false); };
$('#more').onclick = () => search(true);
$('#face-form').onsubmit = (e) => { e.preventDefault(); faceSearch(); };
$('#upload-form').onsubmit = (e) => { e.preventDefault(); upload(); };
$('#watch-form').onsubmit = (e) => { e.preventDefault(); addWatch(); };
$('#watch-face-form').onsubmit = (e) => { e.preventDefault(); addWatchFace(); };
$('#detail-close').onclick = () => $('#detail').close();
applyLang();
start();

// 研判: one form for the eight tactics, their answers with the passes behind them, a drawing of the trajectory over the device positions
function showTacticFields() {
  const tactic = $('#inv-tactic').value;
  document.querySelectorAll('#inv-form label[data-for]').forEach((l) => { l.hidden = !l.dataset.for.split(' ').includes(tactic); });
  $('#inv-suspects').hidden = tactic !== 'clones';
}

function invQuery(tactic) {
  const q = new URLSearchParams();
  const set = (k, v) => { if (v != null && v !== '') q.append(k, v); };
  const visible = (id) => !$(id).closest('label').hidden;
  if (visible('#inv-plate')) set('plate', $('#inv-plate').value.trim());
  if (visible('#inv-device')) set('device', $('#inv-device').value.trim());
  if (visible('#inv-from')) set('from', localTime($('#inv-from')));
  if (visible('#inv-to')) set('to', localTime($('#inv-to')));
  if (tactic === 'companions') { set('windowS', $('#inv-window-s').value); set('minTimes', $('#inv-min-times').value); set('minDevices', $('#inv-min-devices').value); }
  if (tactic === 'collision') {
    $('#inv-windows').value.split('\n').map((l) => l.trim()).filter(Boolean).forEach((l) => (l.startsWith('!') ? q.append('exclude', l.slice(1)) : q.append('window', l)));
    set('minWindows', $('#inv-min-windows').value);
  }
  if (tactic === 'first-seen') set('lookbackDays', $('#inv-lookback').value);
  if (tactic === 'night') { set('night', $('#inv-night').value); set('day', $('#inv-day').value); set('minNights', $('#inv-min-nights').value); set('maxDayPasses', $('#inv-max-day').value); }
  if (tactic === 'frequent') set('minPasses', $('#inv-min-passes').value);
  if (tactic === 'stays') set('minHours', $('#inv-min-hours').value);
  return q;
}

async function investigate(csv) {
  const tactic = $('#inv-tactic').value;
  const q = invQuery(tactic);
  if (csv) q.set('format', 'csv');
  $('#inv-status').textContent = t('searching');
  $('#inv-status').className = 'status';
  try {
    if (csv) {
      const res = await fetch('/api/v1/analytics/' + tactic + '?' + q, { credentials: 'same-origin' });
      if (!res.ok) throw new Error((await res.json()).message);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(await res.blob());
      a.download = tactic + '.csv';
      a.click();
      $('#inv-status').textContent = '';
      return;
    }
    const ans = await api('/api/v1/analytics/' + tactic + '?' + q);
    $('#inv-status').textContent = t('invFound', { n: ans.count, p: ans.passesRead, x: ans.excludedUnreadable, ms: ans.elapsedMs });
    renderAnswer(tactic, ans.results);
  } catch (e) {
    $('#inv-status').textContent = e.message;
    $('#inv-status').className = 'status error';
  }
}

function renderAnswer(tactic, results) {
  const out = $('#inv-results');
  out.innerHTML = '';
  $('#inv-map').hidden = true;
  if (tactic === 'trajectory') {
    drawPath(results);
    const grid = document.createElement('div');
    grid.className = 'grid';
    results.forEach((p, i) => {
      const c = card(p);
      const note = document.createElement('div');
      note.className = 'step';
      note.textContent = (i + 1) + '. ' + (p.PlaceName || p.DeviceID) + (p.SincePreviousS != null ? ' · ' + t('sincePrev') + ' ' + duration(p.SincePreviousS) : '');
      c.prepend(note);
      grid.append(c);
    });
    out.append(grid);
    return;
  }
  results.forEach((r) => {
    const box = document.createElement('div');
    box.className = 'inv-result';
    const head = document.createElement('div');
    head.className = 'inv-head';
    head.textContent = Object.entries(r).filter(([k]) => k !== 'Passes').map(([k, v]) => k + ': ' + v).join('  ·  ');
    box.append(head);
    const grid = document.createElement('div');
    grid.className = 'grid';
    (r.Passes || []).forEach((p) => grid.append(card(p)));
    box.append(grid);
    out.append(box);
  });
}

function duration(s) { return s < 60 ? s + ' s' : s < 3600 ? Math.floor(s / 60) + ' min' : Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min'; }

/** The passes as a numbered path over every known device position (an offline drawing: no map tiles). */
function drawPath(passes) {
  const svg = $('#inv-map');
  svg.innerHTML = '';
  const pts = places.length ? places : [];
  const located = passes.filter((p) => p.Longitude != null);
  if (!pts.length && !located.length) { $('#inv-status').textContent += ' · ' + t('noPlaces'); return; }
  const all = pts.map((p) => [p.Longitude, p.Latitude]).concat(located.map((p) => [p.Longitude, p.Latitude]));
  const xs = all.map((a) => a[0]), ys = all.map((a) => a[1]);
  const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
  const sx = (x) => 20 + (maxX > minX ? (x - minX) / (maxX - minX) : 0.5) * 760, sy = (y) => 400 - (maxY > minY ? (y - minY) / (maxY - minY) : 0.5) * 380;
  const ns = 'http://www.w3.org/2000/svg';
  const el = (name, attrs) => { const e = document.createElementNS(ns, name); Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v)); svg.append(e); return e; };
  el('rect', { x: 0, y: 0, width: 800, height: 420, fill: '#eef2f6' });
  pts.forEach((p) => { el('circle', { cx: sx(p.Longitude), cy: sy(p.Latitude), r: 3, fill: '#9aa4ae' }).append(Object.assign(document.createElementNS(ns, 'title'), { textContent: p.Name || p.DeviceID })); });
  if (located.length > 1) el('polyline', { points: located.map((p) => sx(p.Longitude) + ',' + sy(p.Latitude)).join(' '), fill: 'none', stroke: '#1f6fb2', 'stroke-width': 2.5, 'stroke-opacity': 0.8, class: 'path' });
  located.forEach((p, i) => {
    el('circle', { cx: sx(p.Longitude), cy: sy(p.Latitude), r: 7, fill: i === 0 ? '#1b7f3b' : i === located.length - 1 ? '#d93025' : '#1f6fb2', class: 'stop' });
    el('text', { x: sx(p.Longitude) + 9, y: sy(p.Latitude) - 6, 'font-size': 12, fill: '#14324f' }).textContent = String(i + 1);
  });
  svg.hidden = false;
}

async function refreshSuspects() {
  try {
    const { suspects } = await api('/api/v1/analytics/suspects');
    const body = $('#suspect-table tbody');
    body.innerHTML = '';
    suspects.forEach((s) => {
      const tr = document.createElement('tr');
      [s.PlateNo, s.Rule, s.Reason, timeOf({ PassTime: s.Detected })].forEach((v) => { const td = document.createElement('td'); td.textContent = v; tr.append(td); });
      const td = document.createElement('td');
      ['confirmed', 'dismissed'].forEach((v) => {
        const b = document.createElement('button');
        b.textContent = t(v === 'confirmed' ? 'confirm' : 'dismiss');
        b.onclick = async () => {
          await api('/api/v1/analytics/suspects/' + encodeURIComponent(s.id) + '/verdict', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ verdict: v }) });
          refreshSuspects();
        };
        td.append(b);
      });
      tr.append(td);
      body.append(tr);
    });
  } catch (e) { $('#suspect-table tbody').textContent = e.message; }
}
