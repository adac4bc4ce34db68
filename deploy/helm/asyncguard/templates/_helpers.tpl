{{/*
Names and labels shared by every template.
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "asyncguard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every resource name: fullnameOverride, else the release name when it already
contains the chart name, else <release>-<chart>. Kubernetes names stop at 63 characters.
*/}}
{{- define "asyncguard.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "asyncguard.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select the pods; never change them on an installed release. */}}
{{- define "asyncguard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "asyncguard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "asyncguard.labels" -}}
helm.sh/chart: {{ include "asyncguard.chart" . }}
{{ include "asyncguard.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/component: webhook
app.kubernetes.io/part-of: asyncguard
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "asyncguard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "asyncguard.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "asyncguard.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* The Secret the chart creates when github.createSecret is true. */}}
{{- define "asyncguard.createdSecretName" -}}
{{- printf "%s-github" (include "asyncguard.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The Secret holding the App's private key: the chart's own, or the existing one named in values. */}}
{{- define "asyncguard.privateKeySecretName" -}}
{{- if .Values.github.createSecret }}
{{- include "asyncguard.createdSecretName" . }}
{{- else }}
{{- required "github.privateKey.existingSecret: name the Secret that holds the App's private key, or set github.createSecret=true" .Values.github.privateKey.existingSecret }}
{{- end }}
{{- end }}

{{- define "asyncguard.privateKeySecretKey" -}}
{{- if .Values.github.createSecret }}private-key.pem{{ else }}{{ .Values.github.privateKey.secretKey }}{{ end }}
{{- end }}

{{- define "asyncguard.webhookSecretName" -}}
{{- if .Values.github.createSecret }}
{{- include "asyncguard.createdSecretName" . }}
{{- else }}
{{- required "github.webhookSecret.existingSecret: name the Secret that holds the webhook secret, or set github.createSecret=true" .Values.github.webhookSecret.existingSecret }}
{{- end }}
{{- end }}

{{- define "asyncguard.webhookSecretKey" -}}
{{- if .Values.github.createSecret }}webhook-secret{{ else }}{{ .Values.github.webhookSecret.secretKey }}{{ end }}
{{- end }}

{{/* The file the service reads the private key from: the Secret's key projected under a fixed name. */}}
{{- define "asyncguard.privateKeyFile" -}}
{{- printf "%s/private-key.pem" (.Values.github.privateKey.mountPath | trimSuffix "/") }}
{{- end }}

{{- define "asyncguard.policyFile" -}}
{{- printf "%s/default-policy.yml" (.Values.policy.mountPath | trimSuffix "/") }}
{{- end }}

{{/* The default policy text: from values when given, else the chart's copy of config/default-policy.yml. */}}
{{- define "asyncguard.defaultPolicy" -}}
{{- if .Values.policy.defaults }}
{{- .Values.policy.defaults }}
{{- else }}
{{- .Files.Get "files/default-policy.yml" }}
{{- end }}
{{- end }}

{{/*
Whether the preStop pause uses the kubelet's sleep action (beta and on by default since
Kubernetes 1.30) rather than running `sleep` in the container.
*/}}
{{- define "asyncguard.preStopUsesSleepAction" -}}
{{- if eq .Values.preStop.mode "sleepAction" }}true
{{- else if and (eq .Values.preStop.mode "auto") (semverCompare ">=1.30.0-0" .Capabilities.KubeVersion.Version) }}true
{{- end }}
{{- end }}

{{/*
Seconds the service may spend finishing running reviews after SIGTERM: the grace period less the
preStop pause and the margin for closing down. Refuses a budget that leaves under 10 s.
*/}}
{{- define "asyncguard.reviewDrainSeconds" -}}
{{- $pause := ternary (int .Values.preStop.seconds) 0 .Values.preStop.enabled }}
{{- $drain := sub (sub (int .Values.terminationGracePeriodSeconds) $pause) (int .Values.shutdown.marginSeconds) }}
{{- if lt (int $drain) 10 }}
{{- fail (printf "terminationGracePeriodSeconds (%v) leaves %vs for running reviews after the preStop pause (%vs) and shutdown.marginSeconds (%v); raise it so that at least 10s remain" .Values.terminationGracePeriodSeconds $drain $pause .Values.shutdown.marginSeconds) }}
{{- end }}
{{- $drain }}
{{- end }}

{{/*
How long Micronaut's graceful shutdown waits for its shutdown-capable beans (the HTTP server and
the review service) before it closes the context anyway: the review drain plus half the margin,
so that the other half is left for closing the context and the JVM's exit. Micronaut's own
default, 15 s, would cut the review drain short.
*/}}
{{- define "asyncguard.frameworkShutdownSeconds" -}}
{{- add (include "asyncguard.reviewDrainSeconds" . | int) (div (int .Values.shutdown.marginSeconds) 2) }}
{{- end }}

{{/*
Whether the pods share a Redis queue (redis.url or redis.existingSecret).
*/}}
{{- define "asyncguard.redisEnabled" -}}
{{- if or .Values.redis.url .Values.redis.existingSecret }}true{{- end }}
{{- end }}

{{/*
More than one pod needs the shared queue: without it each pod's queue and memory of deliveries
is its own, and a pod that stops takes its accepted reviews with it.
*/}}
{{- define "asyncguard.requireSharedQueue" -}}
{{- if not (include "asyncguard.redisEnabled" .) }}
{{- if .Values.autoscaling.enabled }}
{{- fail "autoscaling.enabled needs redis.url (or redis.existingSecret): without a shared Redis queue each pod keeps its own review jobs and delivery ids, so a scaled-down or crashed pod loses reviews it accepted and a redelivery to another pod reviews twice (docs/deploy.md, \"Several replicas\")" }}
{{- else if gt (int .Values.replicaCount) 1 }}
{{- fail (printf "replicaCount %v needs redis.url (or redis.existingSecret): without a shared Redis queue each pod keeps its own review jobs and delivery ids, so a stopped or crashed pod loses reviews it accepted and a redelivery to another pod reviews twice; set redis.url or replicaCount: 1 (docs/deploy.md, \"Several replicas\")" .Values.replicaCount) }}
{{- end }}
{{- end }}
{{- end }}
