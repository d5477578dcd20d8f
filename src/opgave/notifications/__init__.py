"""Platform notifications: in-app (bell, list) and e-mail (direct or a daily digest).

Every pillar notifies through one entry point, :func:`opgave.notifications.services.notify`.
"""
