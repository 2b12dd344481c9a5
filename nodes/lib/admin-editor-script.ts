import { DIALOGS_SCRIPT } from './editor-dialogs-script';

/**
 * The editor-side script of the module, served at GET /cc-contact-center/editor.js and loaded
 * once by one `<script src>` line in cc-server.html (Node-RED loads a module's scripts before its
 * node definitions). Kept as a string here so that it ships inside dist/ with the compiled nodes.
 * It is the admin script below followed by the shared node dialogs (editor-dialogs-script.ts).
 *
 * It wires, by event delegation so that the node dialogs need no code of their own:
 *  - the "Test connection" button of the cc-server dialog (#cc-server-test-connection): POSTs the
 *    dialog's current values to test-connection and shows the result in #cc-server-test-result;
 *  - autocomplete on the id inputs of the palette nodes (agent ids, groups, queues, DNIS, reason
 *    codes, realtime keys), filled from GET <serverId>/entities/<kind>; a 503 shows "deploy the
 *    server first" under the input.
 * Plain ES5 and jQuery, as the rest of the editor.
 */
const ADMIN_SCRIPT = String.raw`(function () {
    'use strict';
    if (window.ccContactCenterAdminLoaded) { return; }
    window.ccContactCenterAdminLoaded = true;
    var shared = window.ccContactCenter = window.ccContactCenter || {};
    var NS = '@ccflows/node-red-contact-center/cc-server:';

    // Translated text from the cc-server catalog, or the English fallback when the key is missing.
    function t(key, fallback) {
        var text = RED._(NS + key);
        return (!text || text === NS + key || text === key) ? fallback : text;
    }

    function editingNode() {
        var stack = (RED.editor && RED.editor.getEditStack) ? RED.editor.getEditStack() : [];
        return stack.length ? stack[stack.length - 1] : null;
    }

    // ---------------------------------------------------------------- test connection

    var FIELDS = ['protocol', 'host', 'port', 'user', 'password', 'baseUrl', 'clientName', 'busUnitName',
        'clientToken', 'agentKey', 'agentPassword', 'requestTimeout', 'ca',
        'connection', 'mqttBroker', 'mqttPrefix', 'mqttServerId', 'mqttVersion', 'mqttUser', 'mqttPassword',
        // The id of the chosen tls-config node: the runtime reads a deployed one (broker-tls.ts).
        'mqttTlsConfig'];

    shared.dialogValues = function () {
        var values = {};
        FIELDS.forEach(function (f) {
            var input = $('#node-config-input-' + f);
            if (input.length) { values[f] = input.val(); }
        });
        values.tlsRejectUnauthorized = $('#node-config-input-tlsRejectUnauthorized').is(':checked');
        var node = editingNode();
        if (node && node.type === 'cc-server') { values.id = node.id; }
        return values;
    };

    shared.showTestResult = function (target, result) {
        target.empty().removeClass('cc-test-ok cc-test-failed');
        if (result && result.ok) {
            target.addClass('cc-test-ok').css('color', '#3a873a');
            $('<i class="fa fa-check"></i>').appendTo(target);
            $('<span>').text(' ' + result.message).appendTo(target);
            return;
        }
        var stage = result && result.stage ? result.stage : 'protocol';
        target.addClass('cc-test-failed').css('color', '#c02020');
        $('<i class="fa fa-times"></i>').appendTo(target);
        $('<b class="cc-test-stage">').text(' ' + t('cc-server.test.stage.' + stage, stage) + ': ').appendTo(target);
        $('<span class="cc-test-message">').text(result && result.message ? result.message : t('cc-server.test.failed', 'the test could not run')).appendTo(target);
        if (result && result.detail) {
            $('<div class="cc-test-detail" style="opacity: 0.75; font-size: 0.9em;">').text(result.detail).appendTo(target);
        }
    };

    shared.testConnection = function () {
        var button = $('#cc-server-test-connection');
        var target = $('#cc-server-test-result');
        var values = shared.dialogValues();
        button.prop('disabled', true);
        target.removeClass('cc-test-ok cc-test-failed').css('color', '').text(t('cc-server.test.running', 'testing...'));
        $.ajax({
            url: 'cc-contact-center/test-connection',
            type: 'POST',
            contentType: 'application/json',
            data: JSON.stringify(values),
            dataType: 'json'
        }).done(function (result) {
            shared.showTestResult(target, result);
            shared.showDiagnosis(target, values.id);
        }).fail(function (xhr) {
            var words = xhr.responseJSON && xhr.responseJSON.error ? xhr.responseJSON.error : (xhr.status + ' ' + xhr.statusText);
            shared.showTestResult(target, { ok: false, stage: 'protocol', message: t('cc-server.test.failed', 'the test could not run') + ': ' + words });
        }).always(function () {
            button.prop('disabled', false);
        });
    };

    // The deployed connection of this server (when there is one), under the test result: the dialog's
    // values may differ from what is deployed, and "connected but no events" is about the deployed one.
    shared.showDiagnosis = function (target, serverId) {
        if (!serverId) { return; }
        $.getJSON('cc-contact-center/' + encodeURIComponent(serverId) + '/diagnostics').done(function (d) {
            var colour = d.verdict === 'ok' ? '' : (d.verdict === 'warning' ? '#b26b00' : '#c02020');
            $('<div class="cc-diagnosis" style="margin-top: 6px;">').css('color', colour)
                .append($('<b>').text(t('cc-server.test.deployed', 'Deployed') + ': '))
                .append($('<span>').text(d.message))
                .appendTo(target);
        });
    };

    $(document).on('click', '#cc-server-test-connection', function (event) {
        event.preventDefault();
        shared.testConnection();
    });

    // ---------------------------------------------------------------- autocomplete

    // Which entity kinds an input offers, per node type, input and protocol. A prefix makes the
    // completion a "kind:id" key (the event filters accept both forms).
    // The id kind of a Mitel subscription type's entity list (the guide's subscribe table).
    function mitelTypeKind(type) {
        type = (type || '').trim();
        if (/agent-queue/.test(type)) { return /email/.test(type) ? 'email-agent-queues' : 'agent-queues'; }
        if (/dnis/.test(type)) { return 'dnis'; }
        if (type === 'daily-agent-stats' || type === 'agent-activity') { return 'agents'; }
        if (/group/.test(type)) { return 'groups'; }
        return null;
    }
    function realtimeMitelKind() { return mitelTypeKind($('#node-input-statType').val()); }
    function realtimeOpenScapeKind() {
        var type = $('#node-input-queryType').val() || '';
        if (/^USER_/.test(type)) { return 'users'; }
        if (/^QUEUE_/.test(type)) { return 'queues'; }
        if (/^GROUP_/.test(type)) { return 'groups'; }
        if (/^AGGREGATE_/.test(type)) { return 'aggregates'; }
        return null;
    }
    var WIRING = {
        'cc-agent-event': { '#node-input-entities': {
            mitel: function () { return [{ kind: 'agents' }]; },
            openscape: function () { return [{ kind: 'users' }]; } } },
        'cc-contact-event': { '#node-input-entities': {
            mitel: function () { return [{ kind: 'agents', prefix: 'agent:' }, { kind: 'groups', prefix: 'group:' }, { kind: 'dnis', prefix: 'dnis:' }]; },
            openscape: function () { return [{ kind: 'users', prefix: 'agent:' }, { kind: 'queues', prefix: 'queue:' }]; } } },
        'cc-entity-event': { '#node-input-entities': {
            mitel: function () { return [{ kind: 'agents', prefix: 'agent:' }, { kind: 'groups', prefix: 'group:' }, { kind: 'agent-queues', prefix: 'agent-queue:' }, { kind: 'dnis', prefix: 'dnis:' }]; },
            openscape: function () { return []; } } },
        'cc-realtime': {
            '#node-input-entities': { mitel: function () { var k = realtimeMitelKind(); return k ? [{ kind: k }] : []; } },
            '#node-input-keyList': { openscape: function () { var k = realtimeOpenScapeKind(); return k ? [{ kind: k }] : []; } }
        }
    };

    // Request parameters (cc-agent-command, cc-telephony, cc-request): the kind follows the
    // parameter's name in the same row; only unambiguous names of the vendor tables are listed.
    var PARAM_KINDS = {
        mitel: { 'agent-id': 'agents', 'group-id': 'groups', 'release-code': 'release-codes', 'wrapup-code-id': 'wrapup-codes' },
        openscape: { agentKey: 'users', reserveAgentKey: 'users', toAgentKey: 'users', invitedAgentKey: 'users', queueKey: 'queues',
            connectorKey: 'openmedia-connectors', retryReasonKey: 'callback-retry-reasons', reason: 'unavailable-reasons',
            postProcessingReason: 'post-processing-reasons' }
    };
    function paramSpec(input) {
        var byName = function (protocol) {
            return function () {
                var name = (input.closest('li').find('.node-input-param-name').val() || '').trim();
                var kind = PARAM_KINDS[protocol][name];
                return kind ? [{ kind: kind }] : [];
            };
        };
        return { mitel: byName('mitel'), openscape: byName('openscape') };
    }
    // cc-subscribe rows: the kind follows the row's subscription type (Mitel) or realm (OpenScape PRESENCE: agent keys).
    function subscriptionSpec(input) {
        var typeOf = function () { return input.closest('li').find('.node-input-sub-type').val() || ''; };
        return {
            mitel: function () { var k = mitelTypeKind(typeOf()); return k ? [{ kind: k }] : []; },
            openscape: function () { return typeOf().trim().toUpperCase() === 'PRESENCE' ? [{ kind: 'users' }] : []; }
        };
    }
    var SUBSCRIPTION_INPUT = '#node-input-subscriptions-container .node-input-sub-entities';
    var PARAM_NODES = ['cc-agent-command', 'cc-telephony', 'cc-request'];
    var PARAM_INPUT = '#node-input-params-container .red-ui-typedInput-input';

    var cache = {};
    // Entity options of one server and kind (fetched once per editor session and server).
    shared.entities = function (serverId, kind, done) {
        var key = serverId + '/' + kind;
        if (cache[key] && cache[key].options) { done(null, cache[key].options); return; }
        $.getJSON('cc-contact-center/' + encodeURIComponent(serverId) + '/entities/' + encodeURIComponent(kind))
            .done(function (options) {
                cache[key] = { options: options };
                setTimeout(function () { delete cache[key]; }, 60000);
                done(null, options);
            })
            .fail(function (xhr) {
                var body = xhr.responseJSON || {};
                var message = xhr.status === 503
                    ? t('cc-server.autocomplete.deploy-first', 'deploy the server first') + (body.reason ? ' (' + body.reason + ')' : '')
                    : (body.error || (xhr.status + ' ' + xhr.statusText));
                done({ status: xhr.status, message: message });
            });
    };

    function hintFor(input) {
        // After a typedInput as a whole, not inside it.
        var anchor = input.closest('.red-ui-typedInput-container');
        if (!anchor.length) { anchor = input; }
        var hint = anchor.siblings('.cc-autocomplete-hint');
        if (!hint.length) {
            hint = $('<div class="cc-autocomplete-hint form-tips" style="margin-top: 4px;"></div>').insertAfter(anchor).hide();
        }
        return hint;
    }

    // The completions for the token being typed after the last comma; the earlier tokens are kept.
    function completions(value, groups) {
        var cut = value.lastIndexOf(',');
        var head = cut >= 0 ? value.slice(0, cut + 1) + ' ' : '';
        var typed = (cut >= 0 ? value.slice(cut + 1) : value).trim().toLowerCase();
        var out = [];
        groups.forEach(function (g) {
            g.options.forEach(function (o) {
                var key = (g.prefix || '') + o.id;
                var text = key + '  ' + o.label;
                if (typed && text.toLowerCase().indexOf(typed) < 0) { return; }
                out.push({ value: head + key, label: text });
            });
        });
        return out.slice(0, 200);
    }

    function wire(input, spec) {
        var fetchGroups = function (done) {
            var serverId = $('#node-input-server').val();
            var protocol = shared.protocolOf ? shared.protocolOf(serverId) : '';
            var kinds = spec[protocol] ? spec[protocol]() : [];
            var hint = hintFor(input);
            if (!serverId || kinds.length === 0) { hint.hide(); done([]); return; }
            var groups = [];
            var pending = kinds.length;
            var problem = null;
            kinds.forEach(function (k) {
                shared.entities(serverId, k.kind, function (err, options) {
                    if (err) { problem = problem || err; } else { groups.push({ prefix: k.prefix, options: options }); }
                    if (--pending === 0) {
                        if (problem && groups.length === 0) { hint.text(problem.message).show(); } else { hint.hide(); }
                        done(groups);
                    }
                });
            });
        };
        input.data('cc-autocomplete', true);
        if ($.fn.autoComplete) {
            input.autoComplete({
                minLength: 0,
                search: function (value, done) { fetchGroups(function (groups) { done(completions(value, groups)); }); }
            });
        } else {
            // Node-RED before 3.x: a datalist with every option (no per-token completion).
            var listId = 'cc-autocomplete-' + Math.floor(Math.random() * 1e9);
            var list = $('<datalist>').attr('id', listId).insertAfter(input);
            input.attr('list', listId);
            fetchGroups(function (groups) {
                completions('', groups).forEach(function (c) { $('<option>').attr('value', c.value).text(c.label).appendTo(list); });
            });
        }
    }

    var selectors = [];
    Object.keys(WIRING).forEach(function (type) {
        Object.keys(WIRING[type]).forEach(function (sel) { if (selectors.indexOf(sel) < 0) { selectors.push(sel); } });
    });
    $(document).on('focusin', selectors.join(','), function () {
        var input = $(this);
        if (input.data('cc-autocomplete')) { return; }
        var node = editingNode();
        var byType = node && WIRING[node.type];
        var spec = byType && byType['#' + this.id];
        if (!spec) { return; }
        wire(input, spec);
    });
    $(document).on('focusin', SUBSCRIPTION_INPUT, function () {
        var input = $(this);
        if (input.data('cc-autocomplete')) { return; }
        var node = editingNode();
        if (!node || node.type !== 'cc-subscribe') { return; }
        wire(input, subscriptionSpec(input));
    });
    $(document).on('focusin', PARAM_INPUT, function () {
        var input = $(this);
        if (input.data('cc-autocomplete')) { return; }
        var node = editingNode();
        if (!node || PARAM_NODES.indexOf(node.type) < 0) { return; }
        wire(input, paramSpec(input));
    });
    // A server change in the dialog: other entities.
    $(document).on('change', '#node-input-server', function () { $('.cc-autocomplete-hint').hide(); });
})();
`;

export const EDITOR_SCRIPT = ADMIN_SCRIPT + DIALOGS_SCRIPT;
