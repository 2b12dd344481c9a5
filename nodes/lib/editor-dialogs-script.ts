/**
 * The edit dialogs that several node types share, as editor-side script: served with the admin
 * script at GET /cc-contact-center/editor.js (see admin-editor-script.ts), which cc-server.html
 * loads once for the whole module. Each node's .html keeps its registerType (literal type name,
 * defaults, label), its template and its help, and calls these functions from its dialog hooks;
 * they run at dialog time, so the order in which Node-RED loads the module's HTML does not matter.
 *
 *  - ccContactCenter.requestDialog: cc-agent-command, cc-telephony and cc-request (an operation
 *    choice, a params editableList of typedInputs, paramsFrom). The node type names the element ids
 *    and i18n keys (<type>-operations, <type>-fields, .<type>-params-hint, <type>.placeholder.*);
 *    the operation kind ('command', 'telephony', 'request') picks the operations offered.
 *  - ccContactCenter.typedEventDialog: cc-agent-event, cc-contact-event and cc-entity-event (the
 *    event type filter of the node's families, autoSubscribe, the protocol's rows).
 * Uses protocolOf, catalog, watchServer, showProtocolRows and typeFilter, defined in cc-server.html.
 * Plain ES5 and jQuery, as the rest of the editor.
 */
export const DIALOGS_SCRIPT = String.raw`(function () {
    'use strict';
    var shared = window.ccContactCenter = window.ccContactCenter || {};

    // ---------------------------------------------------------------- request nodes

    // The operations each request node offers and their parameter names come from the vendor's
    // catalog (roles, fields), made from the same lists the runtime validates against.
    var ROLE_OF_KIND = { command: 'agent-command', telephony: 'telephony', request: 'request' };

    function operationsFor(catalog, protocol, kind) {
        var vendor = catalog && catalog[protocol];
        return (vendor && vendor.roles && vendor.roles[ROLE_OF_KIND[kind]]) || [];
    }

    // The parameter names the guides give for an operation (suggested in each row's name input),
    // for the name as offered or as typed (any case, with or without its group prefix).
    function fieldsFor(catalog, protocol, operation) {
        var fields = catalog && catalog[protocol] && catalog[protocol].fields;
        if (!fields || !operation) { return []; }
        var lc = String(operation).trim().toLowerCase();
        var names = Object.keys(fields);
        var hit = names.filter(function (n) { return n.toLowerCase() === lc; })[0] ||
            names.filter(function (n) { var l = n.toLowerCase(); return l.slice(l.lastIndexOf('.') + 1) === lc.slice(lc.lastIndexOf('.') + 1) && (lc.indexOf('.') < 0 || l === lc); })[0];
        return hit ? fields[hit] : [];
    }

    shared.requestDialog = {
        // oneditprepare of a request node: type is its node type, kind its ROLE_OF_KIND key.
        prepare: function (node, type, kind) {
            // Nodes imported without these properties: show the defaults.
            if (!$('#node-input-paramsFrom').val()) { $('#node-input-paramsFrom').val('node'); }
            var catalog = null;
            var protocol = '';
            var refreshChoices = function () {
                var list = $('#' + type + '-operations').empty();
                operationsFor(catalog, protocol, kind).forEach(function (op) { $('<option>').attr('value', op).appendTo(list); });
                var fields = $('#' + type + '-fields').empty();
                fieldsFor(catalog, protocol, $('#node-input-operation').val()).forEach(function (f) { $('<option>').attr('value', f).appendTo(fields); });
            };
            var paramList = $('#node-input-params-container').css('min-height', '120px').editableList({
                addItem: function (row, index, data) {
                    var name = $('<input type="text" class="node-input-param-name" style="width: 35%;">')
                        .attr('list', type + '-fields')
                        .attr('placeholder', node._(type + '.placeholder.paramName')).appendTo(row);
                    var value = $('<input type="text" class="node-input-param-value" style="width: 60%; margin-left: 5px;">').appendTo(row);
                    value.typedInput({ default: 'str', types: ['msg', 'flow', 'global', 'str', 'num', 'bool', 'json', 'env'] });
                    name.val(data.name || '');
                    value.typedInput('type', data.type || 'str');
                    value.typedInput('value', data.value === undefined ? '' : data.value);
                },
                removable: true,
                sortable: false
            });
            (node.params || []).forEach(function (p) { paramList.editableList('addItem', p); });
            var updateRows = function () {
                var op = $('#node-input-operation').val();
                var fromMsg = !op || op === 'msg' || $('#node-input-paramsFrom').val() === 'msg';
                $('.' + type + '-params-hint').toggle(fromMsg);
            };
            $('#node-input-operation').on('change keyup', function () { refreshChoices(); updateRows(); });
            $('#node-input-paramsFrom').on('change', updateRows);
            shared.watchServer('#node-input-server', function (p) {
                protocol = p;
                shared.catalog(function (c) { catalog = c; refreshChoices(); });
            });
            updateRows();
        },
        // oneditsave: the rows with a name, as { name, type, value }.
        save: function (node) {
            var params = [];
            $('#node-input-params-container').editableList('items').each(function () {
                var name = $(this).find('.node-input-param-name').val().trim();
                var value = $(this).find('.node-input-param-value');
                if (name) { params.push({ name: name, type: value.typedInput('type'), value: value.typedInput('value') }); }
            });
            node.params = params;
        },
        // oneditresize: the params list takes the height the other rows leave.
        resize: function (size) {
            var height = size.height;
            $('#dialog-form>div:not(.node-input-params-container-row)').each(function () { height -= $(this).outerHeight(true); });
            $('#node-input-params-container').editableList('height', Math.max(120, height - 20));
        }
    };

    // ---------------------------------------------------------------- typed event nodes

    shared.typedEventDialog = {
        // oneditprepare of a typed event node: families are the catalog's event type families it offers.
        prepare: function (node, type, families) {
            shared.typeFilter(families, []);
            // Imported without this property: the runtime's default (subscribe) is shown.
            if (node.autoSubscribe === undefined) { $('#node-input-autoSubscribe').prop('checked', true); }
            shared.watchServer('#node-input-server', function (protocol) {
                shared.showProtocolRows(protocol, '#' + type + '-form');
            });
        }
    };
})();
`;
