{{- define "opgave.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "opgave.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "opgave.secretName" -}}
{{- default (printf "%s-secrets" (include "opgave.fullname" .)) .Values.existingSecret -}}
{{- end -}}

{{- define "opgave.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag }}
{{- end -}}

{{/* Environment of every container: plain settings, then the secret ones. */}}
{{- define "opgave.env" -}}
{{- range $name, $value := .Values.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
- name: TMPDIR
  value: /tmp
{{- end -}}

{{- define "opgave.volumes" -}}
- name: tmp
  emptyDir: {}
- name: var
{{- if .Values.media.persistentVolumeClaim }}
  persistentVolumeClaim:
    claimName: {{ .Values.media.persistentVolumeClaim }}
{{- else }}
  emptyDir: {}
{{- end }}
{{- end -}}

{{- define "opgave.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: var
  mountPath: /var/lib/opgave
{{- end -}}
