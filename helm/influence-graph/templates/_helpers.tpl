{{/*
Chart name, truncated to 63 characters (DNS label).
*/}}
{{- define "influence-graph.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name prefix of every object: <release>-<chart>, or <release> when it already contains
the chart name. Suffixed components ("-api", "-worker", ...) stay within 63 characters.
*/}}
{{- define "influence-graph.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
chart label value: name-version.
*/}}
{{- define "influence-graph.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels common to every object.
*/}}
{{- define "influence-graph.labels" -}}
helm.sh/chart: {{ include "influence-graph.chart" . }}
app.kubernetes.io/name: {{ include "influence-graph.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: influence-graph
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector labels of one component. Call with (dict "root" $ "component" "api").
*/}}
{{- define "influence-graph.selectorLabels" -}}
app.kubernetes.io/name: {{ include "influence-graph.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
All labels of one component's objects. Call with (dict "root" $ "component" "api").
*/}}
{{- define "influence-graph.componentLabels" -}}
{{ include "influence-graph.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
ServiceAccount name.
*/}}
{{- define "influence-graph.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "influence-graph.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image reference: repository@digest when a digest is set, else repository:tag (tag defaults to
the chart's appVersion).
*/}}
{{- define "influence-graph.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Neo4j URI of the API: neo4jConnection.uri, else the bundled server, else the Service "neo4j".
*/}}
{{- define "influence-graph.neo4jUri" -}}
{{- if .Values.neo4jConnection.uri }}
{{- .Values.neo4jConnection.uri }}
{{- else if .Values.neo4j.enabled }}
{{- printf "neo4j://%s:7687" .Release.Name }}
{{- else }}
{{- "neo4j://neo4j:7687" }}
{{- end }}
{{- end }}

{{/*
Neo4j URI of the worker and the CronJob: worker.neo4jUri, else the API's.
*/}}
{{- define "influence-graph.workerNeo4jUri" -}}
{{- default (include "influence-graph.neo4jUri" .) .Values.worker.neo4jUri }}
{{- end }}

{{/*
ConfigMap name (non-secret settings).
*/}}
{{- define "influence-graph.configMapName" -}}
{{- printf "%s-config" (include "influence-graph.fullname" .) }}
{{- end }}

{{/*
Environment shared by every container: settings from the ConfigMap, credentials from the
existing Secret (secretKeyRef: the password is never in the manifests), then NEO4J_URI.
Call with (dict "root" $ "uri" "<neo4j uri>" "extraEnv" <list>).
*/}}
{{- define "influence-graph.env" -}}
{{- $root := .root }}
{{- $conn := $root.Values.neo4jConnection }}
{{- $secret := required "neo4jConnection.existingSecret.name is required: the name of an existing Secret with the Neo4j credentials" $conn.existingSecret.name -}}
envFrom:
  - configMapRef:
      name: {{ include "influence-graph.configMapName" $root }}
env:
  - name: NEO4J_URI
    value: {{ .uri | quote }}
  - name: NEO4J_USER
    {{- if $conn.existingSecret.usernameKey }}
    valueFrom:
      secretKeyRef:
        name: {{ $secret }}
        key: {{ $conn.existingSecret.usernameKey }}
    {{- else }}
    value: {{ $conn.username | quote }}
    {{- end }}
  - name: NEO4J_PASSWORD
    valueFrom:
      secretKeyRef:
        name: {{ $secret }}
        key: {{ required "neo4jConnection.existingSecret.passwordKey is required" $conn.existingSecret.passwordKey }}
  {{- with .extraEnv }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end }}

{{/*
The writable /tmp (the root filesystem is read-only).
*/}}
{{- define "influence-graph.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end }}

{{- define "influence-graph.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{/*
Annotation that rolls the pods when the ConfigMap changes.
*/}}
{{- define "influence-graph.configChecksum" -}}
checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
{{- end }}

{{/*
Topology spread constraints with the component's labelSelector filled in when omitted.
Call with (dict "root" $ "component" "api" "constraints" <list>).
*/}}
{{- define "influence-graph.topologySpread" -}}
{{- $root := .root }}
{{- $component := .component }}
{{- range .constraints }}
{{- $c := deepCopy . }}
{{- if not (hasKey $c "labelSelector") }}
{{- $_ := set $c "labelSelector" (dict "matchLabels" (include "influence-graph.selectorLabels" (dict "root" $root "component" $component) | fromYaml)) }}
{{- end }}
- {{ toYaml $c | nindent 2 | trim }}
{{- end }}
{{- end }}
