// Regenerates the demo's PDF and DOCX documents (committed, so `npm start` never depends on running this):
//   node examples/demo/make-demo-documents.mjs
// Everything in these documents is FICTIONAL.
import { writeFileSync } from 'node:fs';
import { docx, pdf } from '../../scripts/minimal-documents.mjs';

const here = new URL('./documents/', import.meta.url);

writeFileSync(
  new URL('demo-kes-assess-2025.pdf', here),
  pdf([
    'Evaluation de demonstration : Republique de Kestrie (fictif)',
    'Document invente pour la demonstration de Compact Bot. Le consentement a ete revoque.',
    '1. Gestion des frontieres',
    '1. La Kestrie compte 11 points de passage terrestres officiels, dont 2 seulement sont equipes',
    'de lecteurs biometriques.',
    '2. Detention',
    '2. Le centre de detention de Port-Aurel accueille 240 detenus pour une capacite de 150 places.',
  ]),
);

writeFileSync(
  new URL('demo-val-recs-2026.pdf', here),
  pdf([
    'Recomendaciones de demostracion: Republica de Valdoria (ficticio)',
    'Documento inventado para la demostracion de Compact Bot.',
    'Recomendaciones',
    '1. Valdoria deberia tipificar la financiacion de viajes de combatientes terroristas extranjeros.',
    '2. Valdoria deberia conectar sus 8 aeropuertos internacionales al sistema de informacion anticipada',
    'sobre pasajeros antes de 2028.',
  ]),
);

writeFileSync(
  new URL('demo-kes-ta-2026.docx', here),
  docx([
    { text: "Besoins d'assistance technique de démonstration : Kestrie (fictif)", heading: true },
    { text: 'Document inventé pour la démonstration de Compact Bot. Partagé avec tout le Pacte.' },
    { text: 'Besoins recensés', heading: true },
    { text: 'KES-AT-01 (priorité haute) : formation de 30 enquêteurs aux techniques financières.' },
    { text: 'KES-AT-02 (priorité moyenne) : équipement biométrique pour les 9 points de passage restants.' },
  ]),
);

writeFileSync(
  new URL('demo-val-assess-2026.docx', here),
  docx([
    { text: 'Evaluación de demostración: República de Valdoria (ficticio)', heading: true },
    { text: 'Documento inventado para la demostración de Compact Bot. Compartido con los grupos de finanzas y de justicia.' },
    { text: '1. Financiación del terrorismo', heading: true },
    { text: '1. La unidad de inteligencia financiera de Valdoria cuenta con 14 analistas y recibió 620 reportes de operaciones sospechosas en 2025.' },
    { text: '2. Justicia penal', heading: true },
    { text: '2. Valdoria abrió 6 procesos por delitos de terrorismo en 2025; 2 terminaron en condena.' },
  ]),
);
